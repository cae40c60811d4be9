package org.irisimaging.dicom.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streaming reader of a {@code multipart/related} body (RFC 2387, framing of RFC 2046 §5.1), as
 * STOW-RS requests carry: parts are handed out one at a time as streams, so a request of any size
 * is never held in memory. Not thread-safe.
 */
public final class MultipartReader {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /**
     * Longest boundary read. RFC 2046 section 5.1.1 limits what generators send to 70 characters,
     * not what readers take, and real senders exceed it (Orthanc 1.10 sends 73); this bound only
     * keeps the delimiter search cheap.
     */
    public static final int MAX_BOUNDARY_LENGTH = 200;

    private final InputStream in;
    private final byte[] delimiter;      // CRLF "--" boundary
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean finished;
    private PartStream current;

    public MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw new IllegalArgumentException("A multipart boundary has 1 to " + MAX_BOUNDARY_LENGTH + " characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(BUFFER, delimiter.length * 4)];
        // The first delimiter may start the body without the leading CRLF: pretend one was read.
        this.buf[0] = '\r';
        this.buf[1] = '\n';
        this.limit = 2;
    }

    /**
     * The next part, or {@code null} after the closing delimiter. The previous part's stream is
     * drained first if the caller did not read it to its end.
     *
     * @throws MalformedMultipartException when the framing is broken (no boundary, truncated body,
     *                                     oversized part headers)
     */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.transferTo(OutputStreamSink.INSTANCE);
        }
        // Positioned right after a delimiter: "--" closes, CRLF opens a part (transport padding allowed).
        if (!fill(2)) {
            throw new MalformedMultipartException("Body ends after a boundary without its closing \"--\"");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            current = null;
            return null;
        }
        skipTransportPadding();
        Map<String, String> headers = readHeaders();
        current = new PartStream();
        return new Part(headers, current);
    }

    private void skipPreamble() throws IOException {
        while (true) {
            fill(delimiter.length);
            int found = find();
            if (found >= 0) {
                pos = found + delimiter.length;
                return;
            }
            if (eof) {
                throw new MalformedMultipartException("No multipart boundary found in the body");
            }
            // Keep only a tail that could be the start of a delimiter split across reads.
            pos = Math.max(pos, limit - delimiter.length + 1);
            compactAndRead();
        }
    }

    private void skipTransportPadding() throws IOException {
        while (fill(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        if (!fill(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new MalformedMultipartException("Boundary line not followed by CRLF");
        }
        pos += 2;
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int read = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (!fill(1)) {
                    throw new MalformedMultipartException("Body ends inside part headers");
                }
                byte b = buf[pos++];
                if (++read > MAX_HEADER_BYTES) {
                    throw new MalformedMultipartException("Part headers longer than " + MAX_HEADER_BYTES + " bytes");
                }
                if (b == '\n' && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                    line.setLength(line.length() - 1);
                    break;
                }
                line.append((char) (b & 0xff));
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                throw new MalformedMultipartException("Malformed part header line");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /** Index of the delimiter in buf[pos, limit), or -1. */
    private int find() {
        outer:
        for (int i = pos; i <= limit - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Makes at least {@code n} bytes available from pos; false when the body ends first. */
    private boolean fill(int n) throws IOException {
        while (limit - pos < n && !eof) {
            compactAndRead();
        }
        return limit - pos >= n;
    }

    private void compactAndRead() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int r = in.read(buf, limit, buf.length - limit);
        if (r < 0) {
            eof = true;
        } else {
            limit += r;
        }
    }

    /** One part: its headers (names in lower case) and its body, read up to the next delimiter. */
    public record Part(Map<String, String> headers, InputStream body) {

        /** The part's media type without parameters, lower case; {@code null} when absent. */
        public String mediaType() {
            String type = headers.get("content-type");
            if (type == null) {
                return null;
            }
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        }
    }

    /** A part body: bytes up to (not including) the next delimiter. */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(delimiter.length);
            int found = find();
            if (found == pos) {
                pos += delimiter.length;
                done = true;
                return -1;
            }
            int available;
            if (found >= 0) {
                available = found - pos;
            } else if (eof) {
                throw new MalformedMultipartException("Body ends inside a part (truncated request?)");
            } else {
                // Keep enough bytes back to recognise a delimiter split across reads.
                available = (limit - pos) - (delimiter.length - 1);
                if (available <= 0) {
                    compactAndRead();
                    return read(b, off, len);
                }
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Discards what a caller left unread. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}

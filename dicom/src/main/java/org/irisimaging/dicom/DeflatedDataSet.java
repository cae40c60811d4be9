package org.irisimaging.dicom;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The data set of a Deflated Explicit VR Little Endian object (PS3.5 section A.5), inflated here
 * without keeping it: to tell a whole deflate stream from a cut one, and to count what it expands
 * to. PixelMed inflates through an {@code InflaterInputStream} and takes the stream's premature end
 * for the end of the data set, so a truncated deflated file would otherwise read as a shorter,
 * complete one.
 */
public final class DeflatedDataSet {

    private static final int PREFIX_LENGTH = 132; // preamble and "DICM"
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Explicit VR value representations with a 2-byte reserved field and a 4-byte length. */
    private static final Set<String> LONG_LENGTH_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC",
            "UN", "UR", "UT", "UV");
    private static final int TRANSFER_SYNTAX_UID_ELEMENT = 0x0010;
    /**
     * Bytes tolerated after the deflate stream: the gzip-style trailer (CRC-32 and length, 8 bytes)
     * some writers add, as in pydicom's image_dfl.dcm, and PS3.5 A.5's padding byte to an even
     * length (a C-STORE of that file carries both). More is not this object's.
     */
    private static final int MAX_TRAILING_BYTES = 9;

    private DeflatedDataSet() {
    }

    /**
     * How many bytes the data set of the Part 10 object at {@code file} inflates to, counting no
     * further than just past {@code limit}; {@code -1} when the object is not in the deflated
     * transfer syntax.
     *
     * @throws InvalidDicomException if the deflate stream is cut short, malformed, or followed by
     *                               more than a trailer's worth of bytes
     */
    public static long inflatedLength(Path file, long limit) throws InvalidDicomException, IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE)) {
            return inflatedLength(in, limit);
        }
    }

    /** {@link #inflatedLength(Path, long)} of an object held in memory. */
    public static long inflatedLength(byte[] part10, long limit) throws InvalidDicomException {
        try {
            return inflatedLength(new ByteArrayInputStream(part10), limit);
        } catch (IOException e) {
            throw new InvalidDicomException("unreadable DICOM object: " + e.getMessage(), e);
        }
    }

    /** {@code in}: the whole object from its first byte; must support mark/reset. */
    private static long inflatedLength(InputStream in, long limit) throws InvalidDicomException, IOException {
        try {
            if (!skipMetaInformation(in)) {
                return -1;
            }
        } catch (EOFException e) {
            throw new InvalidDicomException("truncated: the data ends inside the file meta information", e);
        }
        Inflater inflater = new Inflater(true); // PS3.5 A.5: raw deflate, no zlib header
        try {
            byte[] input = new byte[BUFFER_SIZE];
            byte[] output = new byte[BUFFER_SIZE];
            long total = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = in.read(input);
                    if (n < 0) {
                        throw new InvalidDicomException("truncated: the deflated data set ends before its end"
                                + " (" + total + " bytes inflated)");
                    }
                    inflater.setInput(input, 0, n);
                    continue;
                }
                int n = inflater.inflate(output);
                total += n;
                if (total > limit) {
                    return total;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new InvalidDicomException("malformed deflated data set: it asks for a preset dictionary");
                }
            }
            long trailing = inflater.getRemaining() + in.transferTo(OutputStream.nullOutputStream());
            if (trailing > MAX_TRAILING_BYTES) {
                throw new InvalidDicomException("malformed deflated data set: " + trailing
                        + " bytes after the end of the deflate stream");
            }
            return total;
        } catch (DataFormatException e) {
            throw new InvalidDicomException("malformed deflated data set (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    /**
     * Reads the prefix and the group 0002 elements (always Explicit VR Little Endian), leaving
     * {@code in} at the data set; whether the Transfer Syntax UID (0002,0010) is the deflated one.
     */
    private static boolean skipMetaInformation(InputStream in) throws IOException {
        in.readNBytes(PREFIX_LENGTH);
        boolean deflated = false;
        while (true) {
            in.mark(8);
            byte[] header = in.readNBytes(8);
            if (header.length < 8 || u16(header, 0) != 0x0002) {
                in.reset();
                return deflated;
            }
            String vr = new String(header, 4, 2, StandardCharsets.US_ASCII);
            long length;
            if (LONG_LENGTH_VRS.contains(vr)) {
                byte[] wide = readFully(in, 4);
                length = (u16(wide, 0) | (long) u16(wide, 2) << 16);
            } else {
                length = u16(header, 6);
            }
            if (u16(header, 2) == TRANSFER_SYNTAX_UID_ELEMENT && length <= 128) {
                String uid = new String(readFully(in, (int) length), StandardCharsets.US_ASCII).replace("\0", "").trim();
                deflated = TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(uid);
            } else {
                in.skipNBytes(length);
            }
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException();
        }
        return bytes;
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }
}

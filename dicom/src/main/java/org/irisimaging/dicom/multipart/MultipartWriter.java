package org.irisimaging.dicom.multipart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a {@code multipart/related} body (WADO-RS answers) part by part onto a stream, so that
 * parts can come straight from files. Usage: {@link #newBoundary()} for the Content-Type header,
 * then {@link #part(String)} before each part's bytes and {@link #finish()} at the end.
 */
public final class MultipartWriter {

    private final OutputStream out;
    private final String boundary;
    private boolean inPart;

    public MultipartWriter(OutputStream out, String boundary) {
        this.out = out;
        this.boundary = boundary;
    }

    /** A boundary that cannot occur in DICOM or pixel data by chance. */
    public static String newBoundary() {
        return "iris-" + UUID.randomUUID();
    }

    /** {@code multipart/related; type="<partType>"; boundary=<boundary>}. */
    public static String contentType(String partType, String boundary) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** Starts a part; its bytes follow on the stream. */
    public void part(String contentType) throws IOException {
        endPart();
        ascii("--" + boundary + "\r\nContent-Type: " + contentType + "\r\n\r\n");
        inPart = true;
    }

    /** Writes a whole part. */
    public void part(String contentType, byte[] body) throws IOException {
        part(contentType);
        out.write(body);
    }

    /** Closes the last part and the body. */
    public void finish() throws IOException {
        endPart();
        ascii("--" + boundary + "--\r\n");
        out.flush();
    }

    private void endPart() throws IOException {
        if (inPart) {
            ascii("\r\n");
            inPart = false;
        }
    }

    private void ascii(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}

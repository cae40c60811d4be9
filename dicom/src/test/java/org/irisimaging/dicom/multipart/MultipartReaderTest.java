package org.irisimaging.dicom.multipart;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartReaderTest {

    private static final String BOUNDARY = "iris-boundary-42";

    @Test
    void readsEveryPartByteExactEvenWhenTheStreamTricklesAndDataLooksLikeABoundary() throws IOException {
        Random random = new Random(7);
        List<byte[]> parts = new ArrayList<>();
        for (int size : new int[] {0, 1, 17, 70_000, 200_003}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            parts.add(data);
        }
        // A part containing the start of a delimiter must survive intact.
        parts.add(bytes("x\r\n--" + BOUNDARY.substring(0, 10) + "y\r\n-"));

        byte[] body = body("preamble to ignore\r\n", parts, "epilogue");
        for (int chunk : new int[] {1, 3, 7, 4096, Integer.MAX_VALUE}) {
            MultipartReader reader = new MultipartReader(trickle(body, chunk), BOUNDARY);
            for (byte[] expected : parts) {
                MultipartReader.Part part = reader.next();
                assertEquals("application/dicom", part.mediaType());
                assertArrayEquals(expected, part.body().readAllBytes(), "chunk " + chunk);
            }
            assertNull(reader.next());
            assertNull(reader.next());
        }
    }

    @Test
    void partsNotReadByTheCallerAreSkipped() throws IOException {
        byte[] body = body("", List.of(bytes("first"), bytes("second")), "");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        reader.next();
        assertArrayEquals(bytes("second"), reader.next().body().readAllBytes());
        assertNull(reader.next());
    }

    @Test
    void brokenFramingIsRefused() {
        byte[] complete = body("", List.of(bytes("abcdef")), "");
        byte[] truncated = java.util.Arrays.copyOf(complete, complete.length - 20);
        assertThrows(MalformedMultipartException.class, () -> drain(truncated, BOUNDARY));
        assertThrows(MalformedMultipartException.class, () -> drain(bytes("no boundary at all"), BOUNDARY));
        assertThrows(MalformedMultipartException.class, () -> drain(complete, "another-boundary"));
        byte[] noHeadersEnd = ("--" + BOUNDARY + "\r\nContent-Type: application/dicom").getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(MalformedMultipartException.class, () -> drain(noHeadersEnd, BOUNDARY));
    }

    @Test
    void boundariesLongerThanWhatGeneratorsMaySendAreRead() throws IOException {
        // Orthanc 1.10 sends 73 characters; RFC 2046 limits generators to 70, not readers.
        for (int length : new int[] {73, MultipartReader.MAX_BOUNDARY_LENGTH}) {
            String boundary = "b".repeat(length);
            byte[] body = bytes("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\nabc\r\n--" + boundary + "--\r\n");
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), boundary);
            assertArrayEquals(bytes("abc"), reader.next().body().readAllBytes(), "boundary of " + length);
            assertNull(reader.next());
        }
        String tooLong = "b".repeat(MultipartReader.MAX_BOUNDARY_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> new MultipartReader(new ByteArrayInputStream(new byte[0]), tooLong));
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws IOException {
        String boundary = MultipartWriter.newBoundary();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartWriter writer = new MultipartWriter(out, boundary);
        writer.part("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", bytes("first"));
        writer.part("application/dicom");
        out.writeBytes(bytes("second, streamed"));
        writer.finish();

        MultipartRelatedType type = MultipartRelatedType.parse(MultipartWriter.contentType("application/dicom", boundary));
        assertEquals(boundary, type.parameter("boundary"));
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(out.toByteArray()), boundary);
        MultipartReader.Part first = reader.next();
        assertEquals("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", first.headers().get("content-type"));
        assertArrayEquals(bytes("first"), first.body().readAllBytes());
        assertArrayEquals(bytes("second, streamed"), reader.next().body().readAllBytes());
        assertNull(reader.next());
    }

    @Test
    void headerParametersAreParsed() {
        MultipartRelatedType type = MultipartRelatedType.parse(
                "Multipart/Related; type=\"application/dicom\"; boundary=abc; transfer-syntax=1.2.840.10008.1.2.1");
        assertEquals("multipart/related", type.mediaType());
        assertEquals("application/dicom", type.parameter("TYPE"));
        assertEquals("abc", type.parameter("boundary"));
        assertEquals("1.2.840.10008.1.2.1", type.parameter("transfer-syntax"));
        assertNull(MultipartRelatedType.parse(" "));
    }

    private static void drain(byte[] body, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), boundary);
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            part.body().readAllBytes();
        }
    }

    private static byte[] body(String preamble, List<byte[]> parts, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(preamble));
        for (byte[] part : parts) {
            out.writeBytes(bytes("--" + BOUNDARY + "  \r\nContent-Type: application/dicom\r\n\r\n"));
            out.writeBytes(part);
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("--" + BOUNDARY + "--\r\n" + epilogue));
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static InputStream trickle(byte[] data, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}

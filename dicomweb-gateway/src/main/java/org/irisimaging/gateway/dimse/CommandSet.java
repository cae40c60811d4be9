package org.irisimaging.gateway.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes DIMSE response command sets (PS3.7 section 9.3, 6.3.1: group 0000, implicit VR little
 * endian, Command Group Length first). PixelMed's response messages cannot carry an Error Comment,
 * which a refusal should have, hence this encoder for the C-STORE-RSP.
 */
final class CommandSet {

    static final int C_STORE_RQ = 0x0001;
    static final int C_STORE_RSP = 0x8001;
    static final int C_ECHO_RQ = 0x0030;
    static final int C_ECHO_RSP = 0x8030;
    static final int C_CANCEL_RQ = 0x0FFF;
    /** Command Data Set Type: no data set follows. */
    static final int NO_DATA_SET = 0x0101;
    /** Error Comment is LO: at most 64 characters. */
    static final int MAX_ERROR_COMMENT = 64;

    private CommandSet() {
    }

    /** A C-STORE-RSP (PS3.7 9.3.1.2); UIDs and the comment are left out when {@code null}. */
    static byte[] cStoreResponse(String affectedSopClassUid, String affectedSopInstanceUid, int messageIdBeingRespondedTo,
            int status, String errorComment) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream(256);
        if (affectedSopClassUid != null) {
            uid(elements, 0x0002, affectedSopClassUid);
        }
        us(elements, 0x0100, C_STORE_RSP);
        us(elements, 0x0120, messageIdBeingRespondedTo);
        us(elements, 0x0800, NO_DATA_SET);
        us(elements, 0x0900, status);
        if (errorComment != null && status != CStoreHandler.SUCCESS) {
            String comment = errorComment(errorComment);
            if (!comment.isEmpty()) {
                text(elements, 0x0902, comment);
            }
        }
        if (affectedSopInstanceUid != null) {
            uid(elements, 0x1000, affectedSopInstanceUid);
        }
        ByteArrayOutputStream command = new ByteArrayOutputStream(elements.size() + 12);
        header(command, 0x0000, 4);
        int32(command, elements.size());
        command.writeBytes(elements.toByteArray());
        return command.toByteArray();
    }

    /**
     * What fits in an Error Comment: printable ASCII without backslash (LO), at most
     * {@value #MAX_ERROR_COMMENT} characters.
     */
    static String errorComment(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ERROR_COMMENT));
        for (int i = 0; i < text.length() && out.length() < MAX_ERROR_COMMENT; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F && c != '\\' ? c : ' ');
        }
        return out.toString().strip();
    }

    private static void uid(ByteArrayOutputStream out, int element, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        int length = bytes.length + (bytes.length & 1);
        header(out, element, length);
        out.writeBytes(bytes);
        if ((bytes.length & 1) != 0) {
            out.write(0); // UI padding
        }
    }

    private static void text(ByteArrayOutputStream out, int element, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        int length = bytes.length + (bytes.length & 1);
        header(out, element, length);
        out.writeBytes(bytes);
        if ((bytes.length & 1) != 0) {
            out.write(' '); // LO padding
        }
    }

    private static void us(ByteArrayOutputStream out, int element, int value) {
        header(out, element, 2);
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
    }

    /** Group 0000, {@code element}, 32-bit length (implicit VR little endian). */
    private static void header(ByteArrayOutputStream out, int element, int length) {
        out.write(0);
        out.write(0);
        out.write(element & 0xFF);
        out.write((element >>> 8) & 0xFF);
        int32(out, length);
    }

    private static void int32(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
        out.write((value >>> 16) & 0xFF);
        out.write((value >>> 24) & 0xFF);
    }
}

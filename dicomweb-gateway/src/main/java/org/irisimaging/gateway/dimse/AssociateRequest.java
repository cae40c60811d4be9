package org.irisimaging.gateway.dimse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fixed part of an A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2), read off the wire before PixelMed
 * sees it, so that associations can be screened by AE title; plus the A-ASSOCIATE-RJ PDU (9.3.4).
 *
 * @param calledAeTitle  the called AE title, trimmed
 * @param callingAeTitle the calling AE title, trimmed
 * @param pdu            the whole PDU as received, to be replayed to PixelMed
 */
record AssociateRequest(String calledAeTitle, String callingAeTitle, byte[] pdu) {

    static final int TYPE_ASSOCIATE_RQ = 0x01;
    static final int TYPE_ASSOCIATE_RJ = 0x03;
    /** PDU header: type, reserved, 32-bit length. */
    static final int HEADER_LENGTH = 6;
    /** Protocol version, reserved, called AE, calling AE, reserved: before the variable items. */
    private static final int FIXED_FIELDS_LENGTH = 2 + 2 + 16 + 16 + 32;
    /** A generous bound: 128 presentation contexts with many transfer syntaxes stay far below it. */
    static final int MAX_LENGTH = 1 << 20;

    /** A-ASSOCIATE-RJ result: rejected-permanent. */
    static final int RESULT_PERMANENT = 1;
    /** A-ASSOCIATE-RJ result: rejected-transient. */
    static final int RESULT_TRANSIENT = 2;
    /** Source: DICOM UL service-user. */
    static final int SOURCE_SERVICE_USER = 1;
    /** Source: DICOM UL service-provider (presentation related function). */
    static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;
    /** Reason (service-user): calling AE title not recognised. */
    static final int REASON_CALLING_AE_NOT_RECOGNIZED = 3;
    /** Reason (service-user): called AE title not recognised. */
    static final int REASON_CALLED_AE_NOT_RECOGNIZED = 7;
    /** Reason (service-provider, presentation): local limit exceeded. */
    static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

    /** Thrown when the first PDU is not a well-formed A-ASSOCIATE-RQ. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** Reads the first PDU of a connection, which must be an A-ASSOCIATE-RQ. */
    static AssociateRequest read(InputStream in) throws IOException {
        byte[] header = readFully(in, new byte[HEADER_LENGTH]);
        int type = header[0] & 0xFF;
        if (type != TYPE_ASSOCIATE_RQ) {
            throw new ProtocolException("first PDU is of type 0x" + Integer.toHexString(type) + ", not A-ASSOCIATE-RQ");
        }
        long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16) | ((header[4] & 0xFFL) << 8)
                | (header[5] & 0xFFL);
        if (length < FIXED_FIELDS_LENGTH || length > MAX_LENGTH) {
            throw new ProtocolException("A-ASSOCIATE-RQ of implausible length " + length);
        }
        byte[] pdu = new byte[HEADER_LENGTH + (int) length];
        System.arraycopy(header, 0, pdu, 0, HEADER_LENGTH);
        readFully(in, pdu, HEADER_LENGTH, (int) length);
        String called = aeTitle(pdu, HEADER_LENGTH + 4);
        String calling = aeTitle(pdu, HEADER_LENGTH + 4 + 16);
        return new AssociateRequest(called, calling, pdu);
    }

    /** Writes an A-ASSOCIATE-RJ PDU. */
    static void reject(OutputStream out, int result, int source, int reason) throws IOException {
        out.write(new byte[] {TYPE_ASSOCIATE_RJ, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason});
        out.flush();
    }

    /** Whether {@code title} is a usable AE title: 1 to 16 characters, printable, no backslash. */
    static boolean isValidAeTitle(String title) {
        if (title == null) {
            return false;
        }
        String t = title.strip();
        return !t.isEmpty() && t.length() <= 16 && t.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\');
    }

    private static String aeTitle(byte[] pdu, int offset) {
        return new String(pdu, offset, 16, StandardCharsets.US_ASCII).strip();
    }

    private static byte[] readFully(InputStream in, byte[] buffer) throws IOException {
        readFully(in, buffer, 0, buffer.length);
        return buffer;
    }

    private static void readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int n = in.readNBytes(buffer, offset, length);
        if (n < length) {
            throw new EOFException("connection closed inside the A-ASSOCIATE-RQ");
        }
    }
}

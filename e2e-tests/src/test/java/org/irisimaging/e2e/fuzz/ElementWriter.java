package org.irisimaging.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes little endian data set elements (PS3.5 section 7), explicit or implicit VR, including what
 * a toolkit would refuse to write: values of any length, sequences nested as deep as asked.
 */
final class ElementWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean explicit;

    ElementWriter(boolean explicit) {
        this.explicit = explicit;
    }

    /** A string value padded to even length (with NUL for UI, space otherwise, PS3.5 6.2). */
    ElementWriter string(int tag, String vr, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length % 2 == 1) {
            byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            padded[bytes.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
            bytes = padded;
        }
        return element(tag, vr, bytes);
    }

    ElementWriter us(int tag, int value) {
        return element(tag, "US", new byte[] {(byte) value, (byte) (value >>> 8)});
    }

    /** An element with {@code value} as is and a length field saying its length. */
    ElementWriter element(int tag, String vr, byte[] value) {
        header(tag, vr, value.length);
        out.writeBytes(value);
        return this;
    }

    /** A tag, VR (when explicit) and length field, without the value. */
    ElementWriter header(int tag, String vr, long length) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
        if (!explicit) {
            u32(length);
        } else if (DataSetElements.LONG_VRS.contains(vr)) {
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            u16(0);
            u32(length);
        } else {
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            u16((int) length);
        }
        return this;
    }

    /** Item, item delimiter or sequence delimiter (never with a VR). */
    ElementWriter delimiter(int tag, long length) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
        u32(length);
        return this;
    }

    ElementWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void u16(int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private void u32(long v) {
        u16((int) (v & 0xFFFF));
        u16((int) (v >>> 16));
    }
}

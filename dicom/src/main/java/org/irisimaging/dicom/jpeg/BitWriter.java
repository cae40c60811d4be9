package org.irisimaging.dicom.jpeg;

import java.util.Arrays;

/**
 * Output of a JPEG bitstream: marker segments written byte by byte, and entropy-coded data written
 * most significant bit first, with a 0x00 stuffed after every 0xFF byte so that the decoder never
 * mistakes data for a marker (T.81 F.1.2.3), and the last byte padded with 1-bits.
 */
final class BitWriter {

    private byte[] buffer;
    private int length;
    /** Entropy-coded bits not yet written: the low {@link #pending} bits of this word. */
    private long accumulator;
    private int pending;

    BitWriter(int expectedLength) {
        buffer = new byte[Math.max(expectedLength, 64)];
    }

    /** A marker: 0xFF then its code, e.g. 0xD8 for SOI. */
    void marker(int code) {
        requireAligned();
        ensure(2);
        buffer[length++] = (byte) 0xFF;
        buffer[length++] = (byte) code;
    }

    void byte8(int value) {
        requireAligned();
        ensure(1);
        buffer[length++] = (byte) value;
    }

    /** A 16-bit parameter of a marker segment, big endian as all JPEG parameters. */
    void uint16(int value) {
        requireAligned();
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    /**
     * Appends the low {@code count} bits of {@code bits} (0..32 bits; higher bits must be zero) to the
     * entropy-coded data.
     */
    void bits(int bits, int count) {
        accumulator = (accumulator << count) | (bits & 0xFFFFFFFFL);
        pending += count;
        if (pending >= 32) {
            drain(32);
        }
    }

    /** Ends the entropy-coded data: pads the last byte with 1-bits (T.81 F.1.2.3) and writes it. */
    void padToByte() {
        int fill = -pending & 7;
        accumulator = (accumulator << fill) | ((1L << fill) - 1);
        pending += fill;
        drain(pending);
    }

    byte[] toByteArray() {
        requireAligned();
        return Arrays.copyOf(buffer, length);
    }

    /** Writes {@code count} (a multiple of 8) of the pending bits as bytes, stuffing after 0xFF. */
    private void drain(int count) {
        ensure(2 * (count >>> 3));
        for (; count > 0; count -= 8) {
            pending -= 8;
            int b = (int) (accumulator >>> pending) & 0xFF;
            buffer[length++] = (byte) b;
            if (b == 0xFF) {
                buffer[length++] = 0;
            }
        }
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void requireAligned() {
        if (pending != 0) {
            throw new IllegalStateException("marker data inside entropy-coded data: pad first");
        }
    }
}

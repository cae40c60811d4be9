package org.irisimaging.dicom.pixels;

import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

/**
 * RLE Lossless (transfer syntax 1.2.840.10008.1.2.5), decoded per PS3.5 Annex G: each frame is a
 * 64-byte header (number of segments, then 15 offsets, little endian) and one PackBits segment per
 * byte plane — for each sample, most significant byte first. PixelMed's own RLE decoder refuses
 * 16-bit colour with planar configuration 0; this one takes 8 and 16 bits, 1 or 3 samples.
 */
final class RleDecoder {

    private static final int HEADER_LENGTH = 64;

    private final int rows;
    private final int columns;
    private final int samplesPerPixel;
    private final int bytesPerSample;

    RleDecoder(int rows, int columns, int samplesPerPixel, int bitsAllocated) throws UnsupportedPixelDataException {
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new UnsupportedPixelDataException("RLE with Bits Allocated " + bitsAllocated + ": only 8 or 16 are decoded");
        }
        this.rows = rows;
        this.columns = columns;
        this.samplesPerPixel = samplesPerPixel;
        this.bytesPerSample = bitsAllocated / 8;
    }

    /** Decodes one frame into {@code target} from {@code offset}: samples interleaved (planar configuration 0). */
    void decode(byte[] frame, byte[] target, int offset) throws UnsupportedPixelDataException {
        requireBytesPerSample(1);
        decodeSegments(frame, (sample, byteIndex, pixel, value) -> target[offset + pixel * samplesPerPixel + sample] = (byte) value);
    }

    /** As {@link #decode(byte[], byte[], int)} for 16-bit samples. */
    void decode(byte[] frame, short[] target, int offset) throws UnsupportedPixelDataException {
        requireBytesPerSample(2);
        decodeSegments(frame, (sample, byteIndex, pixel, value) -> {
            int at = offset + pixel * samplesPerPixel + sample;
            // byte 0 is the most significant (G.2: segments in order of decreasing significance)
            target[at] = (short) (byteIndex == 0 ? (target[at] & 0x00FF) | (value << 8) : (target[at] & 0xFF00) | value);
        });
    }

    private interface ByteSink {
        void put(int sample, int byteIndex, int pixel, int value);
    }

    private void requireBytesPerSample(int expected) {
        if (bytesPerSample != expected) {
            throw new IllegalStateException("decoder built for " + bytesPerSample + " bytes per sample");
        }
    }

    private void decodeSegments(byte[] frame, ByteSink sink) throws UnsupportedPixelDataException {
        if (frame.length < HEADER_LENGTH) {
            throw new UnsupportedPixelDataException("RLE frame shorter than its 64-byte header");
        }
        int segments = littleEndianInt(frame, 0);
        int expected = samplesPerPixel * bytesPerSample;
        if (segments != expected) {
            throw new UnsupportedPixelDataException("RLE frame has " + segments + " segments, the image needs " + expected);
        }
        int pixels = rows * columns;
        for (int s = 0; s < segments; s++) {
            int start = littleEndianInt(frame, 4 + 4 * s);
            int end = s + 1 < segments ? littleEndianInt(frame, 8 + 4 * s) : frame.length;
            if (start < HEADER_LENGTH || end > frame.length || start > end) {
                throw new UnsupportedPixelDataException("RLE segment " + (s + 1) + " has invalid offsets");
            }
            int sample = s / bytesPerSample;
            int byteIndex = s % bytesPerSample;
            int written = unpack(frame, start, end, pixels, (pixel, value) -> sink.put(sample, byteIndex, pixel, value));
            if (written < pixels) {
                throw new UnsupportedPixelDataException("RLE segment " + (s + 1) + " decodes to " + written
                        + " bytes, the frame needs " + pixels);
            }
        }
    }

    private interface PixelSink {
        void put(int pixel, int value);
    }

    /** PackBits (G.3.1): n in 0..127 copies n+1 bytes, -1..-127 repeats the next byte 1-n times, -128 is nothing. */
    private static int unpack(byte[] in, int from, int to, int limit, PixelSink out) {
        int written = 0;
        int i = from;
        while (i < to && written < limit) {
            int n = in[i++];
            if (n >= 0) {
                for (int k = 0; k <= n && i < to && written < limit; k++) {
                    out.put(written++, in[i++] & 0xFF);
                }
            } else if (n != -128 && i < to) {
                int value = in[i++] & 0xFF;
                for (int k = 0; k < 1 - n && written < limit; k++) {
                    out.put(written++, value);
                }
            }
        }
        return written; // extra bytes after the frame's last pixel are padding (G.3.1 allows it)
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}

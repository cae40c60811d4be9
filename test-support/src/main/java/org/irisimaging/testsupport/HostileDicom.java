package org.irisimaging.testsupport;

import java.io.ByteArrayOutputStream;

/** Hostile variations of real DICOM files, built byte by byte (no toolkit would write them). */
public final class HostileDicom {

    private HostileDicom() {
    }

    /**
     * {@code part10} (Explicit VR Little Endian, with Pixel Data) with a Referenced Image Sequence
     * (0008,1140) nested {@code depth} levels deep, each item holding the next, all of undefined
     * length, inserted before Pixel Data (7FE0,0010).
     */
    public static byte[] nestedSequences(byte[] part10, int depth) {
        int pixelData = lastIndexOf(part10, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O'});
        if (pixelData < 0) {
            throw new IllegalArgumentException("no explicit VR Pixel Data element");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(part10, 0, pixelData);
        byte[] sequence = {0x08, 0x00, 0x40, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1};
        byte[] item = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1};
        byte[] itemEnd = {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0, 0, 0, 0, 0};
        byte[] sequenceEnd = {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};
        for (int i = 0; i < depth; i++) {
            out.writeBytes(sequence);
            out.writeBytes(item);
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(itemEnd);
            out.writeBytes(sequenceEnd);
        }
        out.write(part10, pixelData, part10.length - pixelData);
        return out.toByteArray();
    }

    /** Where {@code needle} last starts in {@code haystack}, or -1. */
    public static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

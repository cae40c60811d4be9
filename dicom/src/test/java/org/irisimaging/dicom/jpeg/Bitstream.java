package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test-side reading of the marker structure of a JPEG bitstream (T.81 Annex B), to check what the
 * encoder wrote independently of any decoder: markers in order, segment parameters, the Huffman
 * tables, and byte stuffing of the entropy-coded data.
 */
record Bitstream(List<Segment> segments, int entropyStart, int entropyEnd) {

    /** A marker and its parameters (without the length field); empty for SOI and EOI. */
    record Segment(int marker, byte[] parameters) {
        int u8(int index) {
            return parameters[index] & 0xFF;
        }

        int u16(int index) {
            return (u8(index) << 8) | u8(index + 1);
        }
    }

    /** A DHT table: class/identifier, BITS[1..16], HUFFVAL. */
    record Table(int classAndId, int[] bits, int[] huffval) {
        int longestCode() {
            for (int length = 16; length >= 1; length--) {
                if (bits[length] > 0) {
                    return length;
                }
            }
            return 0;
        }
    }

    static Bitstream parse(byte[] jpeg) {
        List<Segment> segments = new ArrayList<>();
        assertEquals(0xFF, jpeg[0] & 0xFF, "SOI");
        assertEquals(0xD8, jpeg[1] & 0xFF, "SOI");
        segments.add(new Segment(0xD8, new byte[0]));
        int at = 2;
        while (true) {
            assertEquals(0xFF, jpeg[at] & 0xFF, "marker expected at " + at);
            int marker = jpeg[at + 1] & 0xFF;
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            segments.add(new Segment(marker, Arrays.copyOfRange(jpeg, at + 4, at + 2 + length)));
            at += 2 + length;
            if (marker == 0xDA) {
                break;
            }
        }
        int entropyStart = at;
        // Entropy-coded data: every 0xFF is followed by a stuffed 0x00, until the EOI marker.
        while (!((jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) != 0)) {
            at += (jpeg[at] & 0xFF) == 0xFF ? 2 : 1;
        }
        assertEquals(0xD9, jpeg[at + 1] & 0xFF, "the entropy-coded data ends with EOI, nothing else");
        assertEquals(jpeg.length, at + 2, "EOI is the last marker");
        segments.add(new Segment(0xD9, new byte[0]));
        return new Bitstream(segments, entropyStart, at);
    }

    List<Integer> markers() {
        return segments.stream().map(Segment::marker).toList();
    }

    Segment segment(int marker) {
        return segments.stream().filter(s -> s.marker() == marker).findFirst().orElseThrow();
    }

    List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        for (Segment dht : segments) {
            if (dht.marker() != 0xC4) {
                continue;
            }
            int at = 0;
            while (at < dht.parameters().length) {
                int classAndId = dht.u8(at);
                int[] bits = new int[17];
                int count = 0;
                for (int length = 1; length <= 16; length++) {
                    bits[length] = dht.u8(at + length);
                    count += bits[length];
                }
                int[] huffval = new int[count];
                for (int k = 0; k < count; k++) {
                    huffval[k] = dht.u8(at + 17 + k);
                }
                tables.add(new Table(classAndId, bits, huffval));
                at += 17 + count;
            }
            assertEquals(dht.parameters().length, at, "DHT length");
        }
        assertTrue(!tables.isEmpty(), "no DHT table");
        return tables;
    }
}

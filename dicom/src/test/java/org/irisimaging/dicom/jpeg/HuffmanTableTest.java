package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The Annex K.2 table construction against the properties a JPEG Huffman table must have. */
class HuffmanTableTest {

    private final Random random = new Random(42);

    @RepeatedTest(200)
    void randomFrequenciesGiveAValidOptimalCode() {
        long[] frequencies = new long[HuffmanTable.SYMBOLS];
        for (int s = 0; s < frequencies.length; s++) {
            // Some symbols absent, others from rare to very common.
            frequencies[s] = random.nextInt(4) == 0 ? 0 : (long) Math.pow(10, random.nextDouble() * 6);
        }
        frequencies[random.nextInt(frequencies.length)] += 1; // at least one symbol
        HuffmanTable table = HuffmanTable.optimal(frequencies);
        assertValid(table, frequencies);

        int longest = 0;
        long cost = 0;
        for (int s = 0; s < frequencies.length; s++) {
            longest = Math.max(longest, table.codeLength(s));
            cost += frequencies[s] * table.codeLength(s);
        }
        if (longest < 16) {
            // Not limited: real codes plus the reserved one (at the longest length) cost what an
            // independent Huffman construction over the same symbols costs.
            assertEquals(huffmanCost(frequencies), cost + longest, "total code length");
        }
    }

    @Test
    void oneSymbolGetsAOneBitCodeOfZero() {
        long[] frequencies = new long[HuffmanTable.SYMBOLS];
        frequencies[0] = 1_000_000;
        HuffmanTable table = HuffmanTable.optimal(frequencies);
        assertEquals(1, table.codeLength(0));
        assertEquals(0, table.code(0), "the code 1 is reserved: no all-ones code");
        assertEquals(1, table.huffval().length);
        assertValid(table, frequencies);
    }

    @Test
    void deepTreeIsLimitedTo16Bits() {
        long[] frequencies = JpegLosslessEncoderTest.deepFrequencies();
        assertTrue(JpegLosslessEncoderTest.unlimitedHuffmanDepth(frequencies) > 16);
        HuffmanTable table = HuffmanTable.optimal(frequencies);
        assertValid(table, frequencies);
        assertEquals(16, table.bits().length - 1);
        assertTrue(table.bits()[16] > 0, "some codes at the 16-bit limit");
    }

    @Test
    void noSymbolIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HuffmanTable.optimal(new long[HuffmanTable.SYMBOLS]));
    }

    /**
     * Every present symbol has a code of 1..16 bits, absent ones none; codes are prefix-free, none is
     * all 1-bits; BITS and HUFFVAL describe the same codes (Annex C); more frequent never longer.
     */
    private static void assertValid(HuffmanTable table, long[] frequencies) {
        int[] bits = table.bits();
        int[] huffval = table.huffval();
        int total = 0;
        for (int length = 1; length <= 16; length++) {
            total += bits[length];
        }
        assertEquals(huffval.length, total, "BITS counts HUFFVAL");
        double kraft = 0;
        for (int s = 0; s < HuffmanTable.SYMBOLS; s++) {
            int length = table.codeLength(s);
            if (frequencies[s] == 0) {
                assertEquals(0, length, "absent symbol " + s + " has no code");
                continue;
            }
            assertTrue(length >= 1 && length <= 16, "code length of " + s + ": " + length);
            assertNotEquals((1 << length) - 1, table.code(s), "all-ones code for " + s);
            kraft += Math.pow(2, -length);
            for (int t = 0; t < HuffmanTable.SYMBOLS; t++) {
                int other = table.codeLength(t);
                if (t != s && other > 0 && other >= length) {
                    assertNotEquals(table.code(s), table.code(t) >>> (other - length), "code of " + s + " prefixes " + t);
                }
                if (other > 0 && frequencies[t] > frequencies[s]) {
                    assertTrue(other <= length, "more frequent " + t + " has a longer code than " + s);
                }
            }
        }
        assertTrue(kraft < 1.0, "a code point is left for the reserved all-ones code");
        // HUFFVAL order: by code length, and codes increasing along it.
        for (int k = 1; k < huffval.length; k++) {
            int previous = huffval[k - 1];
            int current = huffval[k];
            assertTrue(table.codeLength(previous) <= table.codeLength(current), "HUFFVAL sorted by length");
            long a = (long) table.code(previous) << (16 - table.codeLength(previous));
            long b = (long) table.code(current) << (16 - table.codeLength(current));
            assertTrue(a < b, "canonical codes increase along HUFFVAL");
        }
    }

    /** Total weighted length of a Huffman code over the present symbols plus one of frequency 1. */
    private static long huffmanCost(long[] frequencies) {
        PriorityQueue<Long> queue = new PriorityQueue<>();
        for (long f : frequencies) {
            if (f > 0) {
                queue.add(f);
            }
        }
        queue.add(1L);
        long cost = 0;
        while (queue.size() > 1) {
            long merged = queue.poll() + queue.poll();
            cost += merged;
            queue.add(merged);
        }
        return cost;
    }
}

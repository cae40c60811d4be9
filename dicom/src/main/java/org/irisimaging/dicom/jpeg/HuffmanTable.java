package org.irisimaging.dicom.jpeg;

import java.util.Arrays;

/**
 * A lossless Huffman table for the difference categories SSSS 0..16 (T.81 Table H.2), optimal for
 * given symbol frequencies: code lengths by the procedure of T.81 Annex K.2 (Figures K.1 to K.4),
 * limited to 16 bits, with no code of all 1-bits; codes assigned from the lengths as in Annex C.
 */
final class HuffmanTable {

    /** Symbols of a lossless table: the difference categories SSSS 0..16. */
    static final int SYMBOLS = 17;
    private static final int MAX_CODE_LENGTH = 16;
    /** Longest code Figure K.1 can produce here: one per symbol plus the reserved one. */
    private static final int MAX_RAW_CODE_LENGTH = 32;

    /** BITS: BITS[i] codes of length i, i = 1..16 (index 0 unused). */
    private final int[] bits;
    /** HUFFVAL: the symbols in order of increasing code length. */
    private final int[] huffval;
    /** EHUFCO / EHUFSI (Figure C.3): code and code length of each symbol, 0 length if absent. */
    private final int[] codes = new int[SYMBOLS];
    private final int[] codeLengths = new int[SYMBOLS];

    private HuffmanTable(int[] bits, int[] huffval) {
        this.bits = bits;
        this.huffval = huffval;
        assignCodes();
    }

    /**
     * The optimal table for {@code frequencies[ssss]}, ssss 0..16. Symbols of frequency 0 get no
     * code; at least one symbol must occur.
     */
    static HuffmanTable optimal(long[] frequencies) {
        if (frequencies.length != SYMBOLS) {
            throw new IllegalArgumentException("expected " + SYMBOLS + " frequencies");
        }
        // Figure K.1. The reserved symbol, one above the real ones, occurs once so that no real
        // code is all 1-bits; on ties the larger symbol is merged first, which gives the reserved
        // symbol a longest code.
        int reserved = SYMBOLS;
        long[] freq = Arrays.copyOf(frequencies, SYMBOLS + 1);
        freq[reserved] = 1;
        int[] codeSize = new int[SYMBOLS + 1];
        int[] others = new int[SYMBOLS + 1];
        Arrays.fill(others, -1);
        while (true) {
            int v1 = leastFrequent(freq, -1);
            int v2 = leastFrequent(freq, v1);
            if (v2 < 0) {
                break;
            }
            freq[v1] += freq[v2];
            freq[v2] = 0;
            codeSize[v1]++;
            while (others[v1] >= 0) {
                v1 = others[v1];
                codeSize[v1]++;
            }
            others[v1] = v2;
            codeSize[v2]++;
            while (others[v2] >= 0) {
                v2 = others[v2];
                codeSize[v2]++;
            }
        }
        if (codeSize[reserved] == 0) {
            throw new IllegalArgumentException("no symbol occurs");
        }

        // Figure K.2: number of codes of each length.
        int[] rawBits = new int[MAX_RAW_CODE_LENGTH + 1];
        for (int size : codeSize) {
            if (size > 0) {
                rawBits[size]++;
            }
        }
        int[] bits = adjustBits(rawBits);

        // Figure K.4: symbols by code length, then by value; the reserved symbol is left out.
        int[] huffval = new int[SYMBOLS];
        int count = 0;
        for (int length = 1; length <= MAX_RAW_CODE_LENGTH; length++) {
            for (int symbol = 0; symbol < SYMBOLS; symbol++) {
                if (codeSize[symbol] == length) {
                    huffval[count++] = symbol;
                }
            }
        }
        return new HuffmanTable(bits, Arrays.copyOf(huffval, count));
    }

    /** The symbol of least non-zero frequency other than {@code exclude}, the largest on ties; -1 if none. */
    private static int leastFrequent(long[] freq, int exclude) {
        int found = -1;
        long least = Long.MAX_VALUE;
        for (int v = 0; v < freq.length; v++) {
            if (v != exclude && freq[v] > 0 && freq[v] <= least) {
                least = freq[v];
                found = v;
            }
        }
        return found;
    }

    /**
     * Figure K.3: moves codes longer than 16 bits up the tree (a pair at length i becomes one code
     * at i-1 and a shorter code j is split into two at j+1), then removes the reserved code from the
     * longest length.
     */
    private static int[] adjustBits(int[] bits) {
        int i = MAX_RAW_CODE_LENGTH;
        while (i > MAX_CODE_LENGTH) {
            if (bits[i] > 0) {
                int j = i - 2;
                while (bits[j] == 0) {
                    j--;
                }
                bits[i] -= 2;
                bits[i - 1] += 1;
                bits[j + 1] += 2;
                bits[j] -= 1;
            } else {
                i--;
            }
        }
        while (bits[i] == 0) {
            i--;
        }
        bits[i]--;
        return Arrays.copyOf(bits, MAX_CODE_LENGTH + 1);
    }

    /** Figures C.1 to C.3: HUFFSIZE and HUFFCODE from BITS, then EHUFCO/EHUFSI by symbol. */
    private void assignCodes() {
        int code = 0;
        int k = 0;
        for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
            for (int n = 0; n < bits[length]; n++) {
                codes[huffval[k]] = code;
                codeLengths[huffval[k]] = length;
                code++;
                k++;
            }
            code <<= 1;
        }
    }

    /** BITS[1..16] as written in the DHT segment (index 0 unused). */
    int[] bits() {
        return bits.clone();
    }

    /** HUFFVAL as written in the DHT segment. */
    int[] huffval() {
        return huffval.clone();
    }

    /** EHUFCO: the code of {@code ssss}, in its low {@link #codeLength} bits. */
    int code(int ssss) {
        return codes[ssss];
    }

    /** EHUFSI: the code length of {@code ssss}, 0 if the symbol has no code. */
    int codeLength(int ssss) {
        return codeLengths[ssss];
    }

    /** Bytes of this table in a DHT segment: Tc/Th, 16 counts, the symbols. */
    int segmentLength() {
        return 1 + MAX_CODE_LENGTH + huffval.length;
    }

    /** Writes the table's part of a DHT segment (T.81 B.2.4.2): table class 0, identifier {@code id}. */
    void write(BitWriter out, int id) {
        out.byte8(id);
        for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
            out.byte8(bits[length]);
        }
        for (int symbol : huffval) {
            out.byte8(symbol);
        }
    }
}

package org.irisimaging.dicom.jpeg;

import org.irisimaging.dicom.TransferSyntaxes;
import java.util.Objects;

/**
 * JPEG lossless encoder, T.81 Annex H: non-hierarchical, Huffman coded, first-order prediction
 * (process 14, selection value 1, point transform 0), the DICOM transfer syntax
 * {@value #TRANSFER_SYNTAX_UID}.
 *
 * <p>Each frame is encoded in two passes: the differences and their category histogram, one
 * Huffman table per component optimal for that histogram (Annex K.2), then the entropy-coded
 * data. The output is a complete interchange-format bitstream: SOI, SOF3, DHT, SOS, one scan with
 * all components interleaved (MCU = one sample of each component, T.81 A.2.3), EOI.
 *
 * <p>T.81 samples are unsigned P-bit integers, so each input sample is masked to its low P bits.
 * Signed DICOM data (Pixel Representation 1) is thus encoded as its P-bit two's complement
 * pattern: decoders return that pattern (PixelMed's reader and dcmtk's dcmdjpeg do, the latter
 * keeping Pixel Representation 1 with zeros above Bits Stored) and DICOM readers take the sign
 * from Pixel Representation, as for native data. Bits above P, e.g. above Bits Stored in 16-bit
 * words, are not part of the sample value and are dropped.
 *
 * <p>Instances hold no state; they are safe to share between threads.
 */
public final class JpegLosslessEncoder {

    /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1). */
    public static final String TRANSFER_SYNTAX_UID = TransferSyntaxes.JPEG_LOSSLESS_SV1;

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOF3 = 0xC3;
    private static final int DHT = 0xC4;
    private static final int SOS = 0xDA;
    /** Predictor selection value 1: Px = Ra, the sample to the left (T.81 Table H.1). */
    private static final int PREDICTOR = 1;

    /**
     * Additional bits after the code of each SSSS category (T.81 H.1.2.2): SSSS bits, except
     * category 16, difference 32768, which has none.
     */
    private static final int[] ADDITIONAL_BITS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0};

    /** Encodes one frame of samples stored one per byte (DICOM Bits Allocated 8), from {@code offset}. */
    public byte[] encode(LosslessFrame frame, byte[] samples, int offset) {
        Objects.checkFromIndexSize(offset, frame.sampleCount(), samples.length);
        return encode(frame, (row, component, line) -> {
            int step = frame.planar() ? 1 : frame.samplesPerPixel();
            int index = offset + start(frame, row, component);
            for (int x = 0; x < line.length; x++, index += step) {
                line[x] = samples[index] & 0xFF;
            }
        });
    }

    /** Encodes one frame of samples stored one per 16-bit word (DICOM Bits Allocated 16), from {@code offset}. */
    public byte[] encode(LosslessFrame frame, short[] samples, int offset) {
        Objects.checkFromIndexSize(offset, frame.sampleCount(), samples.length);
        return encode(frame, (row, component, line) -> {
            int step = frame.planar() ? 1 : frame.samplesPerPixel();
            int index = offset + start(frame, row, component);
            for (int x = 0; x < line.length; x++, index += step) {
                line[x] = samples[index] & 0xFFFF;
            }
        });
    }

    /** Where the line {@code row} of {@code component} starts in the caller's sample array. */
    private static int start(LosslessFrame frame, int row, int component) {
        return frame.planar()
                ? (component * frame.rows() + row) * frame.columns()
                : row * frame.columns() * frame.samplesPerPixel() + component;
    }

    /** Copies one line of one component into {@code line}, as unsigned values. */
    private interface LineReader {
        void read(int row, int component, int[] line);
    }

    private byte[] encode(LosslessFrame frame, LineReader reader) {
        int components = frame.samplesPerPixel();
        long[][] histograms = new long[components][HuffmanTable.SYMBOLS];
        short[] differences = differences(frame, reader, histograms);

        HuffmanTable[] tables = new HuffmanTable[components];
        long entropyBits = 0;
        for (int c = 0; c < components; c++) {
            tables[c] = HuffmanTable.optimal(histograms[c]);
            for (int ssss = 0; ssss < HuffmanTable.SYMBOLS; ssss++) {
                entropyBits += histograms[c][ssss] * (tables[c].codeLength(ssss) + ADDITIONAL_BITS[ssss]);
            }
        }

        // Exact size but for stuffed bytes, which are few in practice: the writer grows if needed.
        long expected = entropyBits / 8 + entropyBits / 512 + 64 + components * 40L;
        BitWriter out = new BitWriter((int) Math.min(expected, Integer.MAX_VALUE - 8));
        out.marker(SOI);
        writeFrameHeader(out, frame);
        writeTables(out, tables);
        writeScanHeader(out, components);
        writeEntropyCodedData(out, differences, tables);
        out.padToByte();
        out.marker(EOI);
        return out.toByteArray();
    }

    /**
     * First pass: the difference of every sample from its prediction (T.81 H.1.2.1), in scan order
     * (interleaved components), and how often each SSSS category occurs per component.
     *
     * <p>Prediction: 2^(P-1) for the first sample of the frame, Rb (above) for the first sample of
     * each later line, Ra (left) otherwise. Differences are taken modulo 2^16 and kept as signed
     * 16-bit values, so that for 16-bit data a difference of -32768 and one of 32768 are the same,
     * category 16 (H.1.2.1, H.1.2.2); for P < 16 the modulo changes nothing.
     */
    private static short[] differences(LosslessFrame frame, LineReader reader, long[][] histograms) {
        int components = frame.samplesPerPixel();
        int columns = frame.columns();
        int mask = (1 << frame.precision()) - 1;
        short[] differences = new short[frame.sampleCount()];
        int[] line = new int[columns];
        int[] firstOfPreviousLine = new int[components];
        for (int row = 0; row < frame.rows(); row++) {
            for (int c = 0; c < components; c++) {
                reader.read(row, c, line);
                long[] histogram = histograms[c];
                int predicted = row == 0 ? 1 << (frame.precision() - 1) : firstOfPreviousLine[c];
                int previous = line[0] & mask;
                firstOfPreviousLine[c] = previous;
                int index = row * columns * components + c;
                short difference = (short) (previous - predicted);
                differences[index] = difference;
                histogram[category(difference)]++;
                for (int x = 1; x < columns; x++) {
                    int sample = line[x] & mask;
                    difference = (short) (sample - previous);
                    index += components;
                    differences[index] = difference;
                    histogram[category(difference)]++;
                    previous = sample;
                }
            }
        }
        return differences;
    }

    /** SSSS (T.81 Table H.2): the number of bits of |difference|; 16 for -32768, taken as 32768. */
    private static int category(int difference) {
        return 32 - Integer.numberOfLeadingZeros(Math.abs(difference));
    }

    /**
     * Second pass (T.81 H.1.2.2, F.1.2.1.1): per difference, the Huffman code of its category, then
     * SSSS additional bits: the low bits of the difference if positive, of the difference minus one if
     * negative.
     */
    private static void writeEntropyCodedData(BitWriter out, short[] differences, HuffmanTable[] tables) {
        int components = tables.length;
        int[][] codes = new int[components][HuffmanTable.SYMBOLS];
        int[][] lengths = new int[components][HuffmanTable.SYMBOLS];
        for (int c = 0; c < components; c++) {
            for (int ssss = 0; ssss < HuffmanTable.SYMBOLS; ssss++) {
                codes[c][ssss] = tables[c].code(ssss) << ADDITIONAL_BITS[ssss];
                lengths[c][ssss] = tables[c].codeLength(ssss) + ADDITIONAL_BITS[ssss];
            }
        }
        if (components == 1) {
            int[] code = codes[0];
            int[] length = lengths[0];
            for (short difference : differences) {
                write(out, difference, code, length);
            }
        } else {
            for (int i = 0; i < differences.length; ) {
                for (int c = 0; c < components; c++) {
                    write(out, differences[i++], codes[c], lengths[c]);
                }
            }
        }
    }

    /** Code and additional bits of one difference; {@code codes} are pre-shifted left by SSSS. */
    private static void write(BitWriter out, int difference, int[] codes, int[] lengths) {
        int ssss = category(difference);
        int additional = (difference + (difference >> 31)) & ((1 << ADDITIONAL_BITS[ssss]) - 1);
        out.bits(codes[ssss] | additional, lengths[ssss]);
    }

    /** SOF3 (T.81 B.2.2): precision, lines, samples per line, one 1x1-sampled component each. */
    private static void writeFrameHeader(BitWriter out, LosslessFrame frame) {
        int components = frame.samplesPerPixel();
        out.marker(SOF3);
        out.uint16(8 + 3 * components);
        out.byte8(frame.precision());
        out.uint16(frame.rows());
        out.uint16(frame.columns());
        out.byte8(components);
        for (int c = 0; c < components; c++) {
            out.byte8(c + 1); // component identifier Ci
            out.byte8(0x11);  // Hi = Vi = 1
            out.byte8(0);     // Tqi: no quantization in lossless
        }
    }

    /** One DHT segment (T.81 B.2.4.2) with the table of each component, identifier = component index. */
    private static void writeTables(BitWriter out, HuffmanTable[] tables) {
        int length = 2;
        for (HuffmanTable table : tables) {
            length += table.segmentLength();
        }
        out.marker(DHT);
        out.uint16(length);
        for (int c = 0; c < tables.length; c++) {
            tables[c].write(out, c);
        }
    }

    /** SOS (T.81 B.2.3): all components, Ss = predictor, Se = 0, Ah = 0, Al = point transform 0. */
    private static void writeScanHeader(BitWriter out, int components) {
        out.marker(SOS);
        out.uint16(6 + 2 * components);
        out.byte8(components);
        for (int c = 0; c < components; c++) {
            out.byte8(c + 1);  // Csj
            out.byte8(c << 4); // Tdj = table of this component, Taj = 0
        }
        out.byte8(PREDICTOR);
        out.byte8(0);
        out.byte8(0);
    }
}

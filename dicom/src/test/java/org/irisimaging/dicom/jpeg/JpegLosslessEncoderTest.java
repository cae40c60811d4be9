package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthetic frames encoded and decoded in process by PixelMed's JPEG lossless decoder, compared bit
 * for bit; the marker structure read back independently.
 */
class JpegLosslessEncoderTest {

    private static final int SOF3 = 0xC3;
    private static final int SOS = 0xDA;

    private final JpegLosslessEncoder encoder = new JpegLosslessEncoder();

    /** Grayscale at 2..16 bits, signed and unsigned, colour at 8 and 16 bits in both planar layouts, every size and pattern. */
    static Stream<SyntheticImage> images() {
        int[][] sizes = {{1, 1}, {3, 7}, {7, 3}, {513, 511}};
        record Kind(int precision, boolean signed) {
        }
        List<Kind> grayscale = List.of(new Kind(8, false), new Kind(12, false), new Kind(16, false),
                new Kind(12, true), new Kind(16, true), new Kind(2, false), new Kind(7, true), new Kind(10, false));
        record Named(String name, SyntheticImage.Pattern pattern) {
        }
        List<Named> patterns = List.of(new Named("noise", SyntheticImage.NOISE), new Named("gradient", SyntheticImage.GRADIENT),
                new Named("constant", SyntheticImage.CONSTANT), new Named("extremes", SyntheticImage.EXTREMES));
        List<SyntheticImage> images = new ArrayList<>();
        long seed = 1;
        for (int[] size : sizes) {
            for (Named pattern : patterns) {
                for (Kind kind : grayscale) {
                    String name = (kind.signed() ? "signed " : "unsigned ") + kind.precision() + "-bit " + pattern.name()
                            + " " + size[0] + "x" + size[1];
                    images.add(SyntheticImage.of(name, LosslessFrame.grayscale(size[0], size[1], kind.precision()), 1,
                            kind.signed(), pattern.pattern(), seed++));
                }
                for (int precision : new int[] {8, 16}) {
                    for (int planar = 0; planar <= 1; planar++) {
                        String name = "RGB " + precision + "-bit planar " + planar + " " + pattern.name() + " " + size[0] + "x" + size[1];
                        images.add(SyntheticImage.of(name, new LosslessFrame(size[0], size[1], 3, precision, planar), 1,
                                false, pattern.pattern(), seed++));
                    }
                }
            }
        }
        images.add(SyntheticImage.of("unsigned 16-bit noise 3 frames 5x9", LosslessFrame.grayscale(5, 9, 16), 3, false,
                SyntheticImage.NOISE, seed++));
        images.add(SyntheticImage.of("RGB 8-bit 2 frames 4x6", LosslessFrame.colour(4, 6, 8), 2, false,
                SyntheticImage.GRADIENT, seed));
        return images.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void pixelmedDecodesEveryFrameBitExact(SyntheticImage image) throws Exception {
        for (int f = 0; f < image.frames(); f++) {
            byte[] jpeg = image.encode(encoder, f);
            assertHeaders(Bitstream.parse(jpeg), image.frame());
            Samples.assertFrameEquals(image, f, PixelmedDecoder.decode(jpeg, image.frame()));
        }
    }

    /** Every category of Table H.2 occurs, 16 included (difference 32768, no additional bits), and decodes. */
    @ParameterizedTest(name = "signed {0}")
    @MethodSource("signedness")
    void allSeventeenCategoriesAt16Bits(boolean signed) throws Exception {
        SyntheticImage image = SyntheticImage.of((signed ? "signed" : "unsigned") + " 16-bit extremes 513x511",
                LosslessFrame.grayscale(513, 511, 16), 1, signed, SyntheticImage.EXTREMES, 16);
        byte[] jpeg = image.encode(encoder, 0);
        Bitstream.Table table = Bitstream.parse(jpeg).tables().get(0);
        assertArrayEquals(IntStream.rangeClosed(0, 16).toArray(), IntStream.of(table.huffval()).sorted().toArray(),
                "categories coded in the Huffman table");
        Samples.assertFrameEquals(image, 0, PixelmedDecoder.decode(jpeg, image.frame()));
    }

    static Stream<Boolean> signedness() {
        return Stream.of(false, true);
    }

    /**
     * Category frequencies growing like a Fibonacci series make an unlimited Huffman code longer
     * than 16 bits: the table must be limited (T.81 Figure K.3) and still decode.
     */
    @Test
    void codeLengthsAreLimitedTo16Bits() throws Exception {
        SyntheticImage image = deepCategories();
        long[] frequencies = deepFrequencies();
        assertTrue(unlimitedHuffmanDepth(frequencies) > 16, "the frequencies must need a limit");

        byte[] jpeg = image.encode(encoder, 0);
        Bitstream.Table table = Bitstream.parse(jpeg).tables().get(0);
        assertEquals(17, table.huffval().length, "all categories coded");
        assertEquals(16, table.longestCode(), "longest code");
        Samples.assertFrameEquals(image, 0, PixelmedDecoder.decode(jpeg, image.frame()));
    }

    /** One line whose differences from the left neighbour have category k exactly deepFrequencies()[k] times. */
    static SyntheticImage deepCategories() {
        long[] frequencies = deepFrequencies();
        List<Integer> differences = new ArrayList<>();
        Random random = new Random(17);
        for (int k = 0; k < frequencies.length; k++) {
            for (int n = 0; n < frequencies[k]; n++) {
                int magnitude = k == 0 ? 0 : 1 << (k - 1);
                differences.add(random.nextBoolean() ? magnitude : -magnitude);
            }
        }
        Collections.shuffle(differences, random);
        int[] values = new int[differences.size()];
        int previous = 1 << 15; // the prediction of the first sample
        for (int i = 0; i < values.length; i++) {
            values[i] = (previous + differences.get(i)) & 0xFFFF;
            previous = values[i];
        }
        return new SyntheticImage("categories needing codes over 16 bits, 1x" + values.length, LosslessFrame.grayscale(1, values.length, 16),
                1, false, values);
    }

    /**
     * Frequencies for categories 0..16 (1, 1, 3, 4, 7, 11, ... 2207) where each is one more than the
     * sum of the reserved symbol and all frequencies two or more places below it: Huffman merges
     * them one by one into a chain 17 deep, one more than T.81 allows.
     */
    static long[] deepFrequencies() {
        long[] frequencies = new long[17];
        frequencies[0] = 1;
        frequencies[1] = 1;
        long sum = 1 + frequencies[0]; // the reserved symbol and category 0
        for (int k = 2; k < frequencies.length; k++) {
            frequencies[k] = sum + 1;
            sum += frequencies[k - 1];
        }
        return frequencies;
    }

    /** Depth of a plain Huffman tree (no length limit) over the frequencies plus T.81's reserved symbol. */
    static int unlimitedHuffmanDepth(long[] frequencies) {
        record Node(long weight, int depth) {
        }
        PriorityQueue<Node> queue = new PriorityQueue<>((x, y) -> Long.compare(x.weight(), y.weight()));
        for (long f : frequencies) {
            if (f > 0) {
                queue.add(new Node(f, 0));
            }
        }
        queue.add(new Node(1, 0));
        while (queue.size() > 1) {
            Node x = queue.poll();
            Node y = queue.poll();
            queue.add(new Node(x.weight() + y.weight(), Math.max(x.depth(), y.depth()) + 1));
        }
        return queue.poll().depth();
    }

    /** The benchmark's CT-like frame (bench/jpeg-encoder.sh) decodes to itself. */
    @Test
    void benchmarkFrameRoundTrips() throws Exception {
        short[] ct = EncoderBenchmark.ctLikeFrame(new Random(7));
        int[] values = new int[ct.length];
        for (int i = 0; i < ct.length; i++) {
            values[i] = ct[i];
        }
        SyntheticImage image = new SyntheticImage("CT-like 512x512", LosslessFrame.grayscale(512, 512, 12), 1, false, values);
        byte[] jpeg = image.encode(encoder, 0);
        int originalBytes = 2 * values.length;
        assertTrue(jpeg.length < originalBytes / 2, "a CT-like frame compresses better than 2:1: " + jpeg.length);
        Samples.assertFrameEquals(image, 0, PixelmedDecoder.decode(jpeg, image.frame()));
    }

    /** 8-bit samples given as bytes or as 16-bit words make the same bitstream. */
    @Test
    void byteAndWordInputsEncodeTheSame() {
        SyntheticImage image = SyntheticImage.of("8-bit noise", LosslessFrame.colour(31, 17, 8), 1, false, SyntheticImage.NOISE, 8);
        assertArrayEquals(encoder.encode(image.frame(), image.bytes(), 0), encoder.encode(image.frame(), image.words(), 0));
    }

    /** Bits above P are not part of the sample: 12-bit data with other bits set above encodes as if masked. */
    @Test
    void bitsAbovePrecisionAreIgnored() throws Exception {
        SyntheticImage image = SyntheticImage.of("12-bit noise", LosslessFrame.grayscale(40, 30, 12), 1, false, SyntheticImage.NOISE, 12);
        short[] dirty = image.words();
        Random random = new Random(3);
        for (int i = 0; i < dirty.length; i++) {
            dirty[i] |= (short) (random.nextInt(16) << 12);
        }
        byte[] jpeg = encoder.encode(image.frame(), dirty, 0);
        assertArrayEquals(encoder.encode(image.frame(), image.words(), 0), jpeg);
        Samples.assertFrameEquals(image, 0, PixelmedDecoder.decode(jpeg, image.frame()));
    }

    /** Entropy-coded data of noise holds 0xFF bytes: they must be followed by a stuffed 0x00 (checked by the parse). */
    @Test
    void stuffedBytesAreWrittenAndDecoded() throws Exception {
        SyntheticImage image = SyntheticImage.of("16-bit noise", LosslessFrame.grayscale(64, 64, 16), 1, false, SyntheticImage.NOISE, 5);
        byte[] jpeg = image.encode(encoder, 0);
        Bitstream stream = Bitstream.parse(jpeg);
        int stuffed = 0;
        for (int i = stream.entropyStart(); i < stream.entropyEnd() - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF) {
                assertEquals(0, jpeg[i + 1], "stuffed byte after 0xFF at " + i);
                stuffed++;
                i++;
            }
        }
        assertTrue(stuffed > 0, "no 0xFF in the entropy-coded data: the test does not exercise stuffing");
        Samples.assertFrameEquals(image, 0, PixelmedDecoder.decode(jpeg, image.frame()));
    }

    @Test
    void invalidFramesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LosslessFrame.grayscale(0, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> LosslessFrame.grayscale(5, 65536, 8));
        assertThrows(IllegalArgumentException.class, () -> LosslessFrame.grayscale(5, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> LosslessFrame.grayscale(5, 5, 17));
        assertThrows(IllegalArgumentException.class, () -> new LosslessFrame(5, 5, 2, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new LosslessFrame(5, 5, 3, 8, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> encoder.encode(LosslessFrame.grayscale(5, 5, 12), new short[24], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> encoder.encode(LosslessFrame.colour(5, 5, 8), new byte[80], 6));
    }

    /** SOI, SOF3, DHT, SOS, EOI with the parameters of T.81 B.2 for process 14, selection value 1. */
    private static void assertHeaders(Bitstream stream, LosslessFrame frame) {
        assertEquals(List.of(0xD8, SOF3, 0xC4, SOS, 0xD9), stream.markers(), "markers");
        Bitstream.Segment sof = stream.segment(SOF3);
        int components = frame.samplesPerPixel();
        assertEquals(6 + 3 * components, sof.parameters().length, "SOF3 length");
        assertEquals(frame.precision(), sof.u8(0), "P");
        assertEquals(frame.rows(), sof.u16(1), "Y");
        assertEquals(frame.columns(), sof.u16(3), "X");
        assertEquals(components, sof.u8(5), "Nf");
        Bitstream.Segment sos = stream.segment(SOS);
        assertEquals(4 + 2 * components, sos.parameters().length, "SOS length");
        assertEquals(components, sos.u8(0), "Ns");
        List<Bitstream.Table> tables = stream.tables();
        assertEquals(components, tables.size(), "one Huffman table per component");
        for (int c = 0; c < components; c++) {
            assertEquals(c + 1, sof.u8(6 + 3 * c), "Ci");
            assertEquals(0x11, sof.u8(7 + 3 * c), "Hi/Vi");
            assertEquals(sof.u8(6 + 3 * c), sos.u8(1 + 2 * c), "Csj");
            assertEquals(c << 4, sos.u8(2 + 2 * c), "Tdj/Taj");
            assertEquals(c, tables.get(c).classAndId(), "Tc/Th");
            assertTrue(tables.get(c).longestCode() <= 16);
        }
        assertEquals(1, sos.u8(1 + 2 * components), "Ss: predictor selection value 1");
        assertEquals(0, sos.u8(2 + 2 * components), "Se");
        assertEquals(0, sos.u8(3 + 2 * components), "Ah/Al: point transform 0");
    }
}

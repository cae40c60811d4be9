package org.irisimaging.dicom.jpeg;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of {@link JpegLosslessEncoder} on one thread: a synthetic 512x512 CT-like frame (16-bit
 * words, 12 bits stored: smooth anatomy plus noise) encoded over and over. Prints Mpixel/s (median
 * of several timed rounds, after a warm-up) and the compressed size relative to the original.
 * Run by bench/jpeg-encoder.sh.
 *
 * <pre>java -cp ... org.irisimaging.dicom.jpeg.EncoderBenchmark [rounds] [seconds per round]</pre>
 */
public final class EncoderBenchmark {

    private static final int SIZE = 512;
    private static final int BITS_STORED = 12;

    private EncoderBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        double secondsPerRound = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        LosslessFrame frame = LosslessFrame.grayscale(SIZE, SIZE, BITS_STORED);
        short[] ct = ctLikeFrame(new Random(20260101));
        JpegLosslessEncoder encoder = new JpegLosslessEncoder();

        byte[] encoded = encoder.encode(frame, ct, 0);
        long sink = encoded.length;
        long warmUpEnd = System.nanoTime() + 3_000_000_000L; // let the JIT compile the hot loops
        while (System.nanoTime() < warmUpEnd) {
            sink += encoder.encode(frame, ct, 0).length;
        }

        double[] mpixelPerSecond = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long end = start + (long) (secondsPerRound * 1e9);
            int iterations = 0;
            long now;
            do {
                sink += encoder.encode(frame, ct, 0).length;
                iterations++;
                now = System.nanoTime();
            } while (now < end);
            mpixelPerSecond[r] = (double) SIZE * SIZE * iterations / ((now - start) / 1e9) / 1e6;
        }
        Arrays.sort(mpixelPerSecond);

        long originalBytes = 2L * SIZE * SIZE;
        System.out.printf(Locale.ROOT, "JPEG lossless encoder (process 14, SV1): %dx%d CT-like frame, 16-bit words, %d bits stored, 1 thread%n",
                SIZE, SIZE, BITS_STORED);
        System.out.printf(Locale.ROOT, "throughput:  %.1f Mpixel/s (median of %d rounds of %.1f s; min %.1f, max %.1f)%n",
                mpixelPerSecond[rounds / 2], rounds, secondsPerRound, mpixelPerSecond[0], mpixelPerSecond[rounds - 1]);
        System.out.printf(Locale.ROOT, "compressed:  %d of %d bytes, ratio %.3f (%.2f:1)%n",
                encoded.length, originalBytes, (double) encoded.length / originalBytes, (double) originalBytes / encoded.length);
        if (sink == 42) {
            System.out.println(); // keeps the results observable to the JIT
        }
    }

    /**
     * Stored values as a CT with rescale intercept -1024 would hold them (0 = -1024 HU): air around
     * a body ellipse of soft tissue with a smooth density gradient, two lungs, a spine, plus
     * Gaussian noise of 12 values standard deviation, clipped to 12 bits.
     */
    public static short[] ctLikeFrame(Random random) {
        short[] pixels = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double hu = -1000;
                if (inEllipse(x, y, 256, 270, 220, 170)) {
                    hu = 40 + 20 * Math.sin(x / 37.0) * Math.cos(y / 29.0); // soft tissue, slowly varying
                    if (!inEllipse(x, y, 256, 270, 208, 158)) {
                        hu = -100; // subcutaneous fat
                    }
                    if (inEllipse(x, y, 180, 250, 60, 90) || inEllipse(x, y, 332, 250, 60, 90)) {
                        hu = -850 + 30 * Math.sin((x + y) / 11.0); // lungs with vessels
                    }
                    if (inEllipse(x, y, 256, 380, 28, 24)) {
                        hu = inEllipse(x, y, 256, 380, 18, 15) ? 300 : 1200; // vertebra: cortex and marrow
                    }
                }
                double stored = hu + 1024 + 12 * random.nextGaussian();
                pixels[y * SIZE + x] = (short) Math.max(0, Math.min((1 << BITS_STORED) - 1, Math.round(stored)));
            }
        }
        return pixels;
    }

    private static boolean inEllipse(int x, int y, int cx, int cy, int rx, int ry) {
        double dx = (x - cx) / (double) rx;
        double dy = (y - cy) / (double) ry;
        return dx * dx + dy * dy <= 1;
    }
}

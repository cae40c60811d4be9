package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Bit-exact comparison of decoded samples with a synthetic image. */
public final class Samples {

    private Samples() {
    }

    /**
     * Asserts that {@code decoded[component][row * columns + column]} equals every sample of frame
     * {@code frameIndex} of {@code image}, naming the first difference.
     */
    public static void assertFrameEquals(SyntheticImage image, int frameIndex, int[][] decoded) {
        LosslessFrame frame = image.frame();
        assertEquals(frame.samplesPerPixel(), decoded.length, image + ": components");
        for (int c = 0; c < decoded.length; c++) {
            assertEquals(frame.rows() * frame.columns(), decoded[c].length, image + ": samples of component " + c);
            for (int r = 0; r < frame.rows(); r++) {
                for (int x = 0; x < frame.columns(); x++) {
                    int expected = image.expected(frameIndex, c, r, x);
                    int actual = decoded[c][r * frame.columns() + x];
                    if (expected != actual) {
                        fail(image + ": frame " + frameIndex + ", component " + c + ", row " + r + ", column " + x
                                + ": expected " + expected + ", decoded " + actual);
                    }
                }
            }
        }
    }
}

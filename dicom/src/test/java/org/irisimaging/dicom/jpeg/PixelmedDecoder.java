package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * PixelMed's JPEG lossless decoder (com.pixelmed.imageio.JPEGLosslessImageReader over
 * com.pixelmed.codec.jpeg), in process: the independent reading of our bitstreams. Reached through
 * ImageIO, as PixelMed itself does when it decompresses Pixel Data.
 */
final class PixelmedDecoder {

    private static final String FORMAT = "jpeg-lossless";
    private static final String PIXELMED_READER = "com.pixelmed.imageio.JPEGLosslessImageReader";

    private PixelmedDecoder() {
    }

    /** The decoded samples of each component, row by row, as unsigned values. */
    static int[][] decode(byte[] jpeg, LosslessFrame expectedFrame) throws IOException {
        ImageReader reader = reader();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            Raster raster = reader.read(0).getRaster();
            assertEquals(expectedFrame.columns(), raster.getWidth(), "decoded columns");
            assertEquals(expectedFrame.rows(), raster.getHeight(), "decoded rows");
            assertEquals(expectedFrame.samplesPerPixel(), raster.getNumBands(), "decoded components");
            int[][] components = new int[raster.getNumBands()][];
            for (int c = 0; c < components.length; c++) {
                components[c] = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), c, (int[]) null);
            }
            return components;
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader() {
        for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(FORMAT); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().equals(PIXELMED_READER)) {
                return reader;
            }
        }
        return fail("PixelMed's JPEG lossless reader (" + PIXELMED_READER + ") is not on the test classpath:"
                + " dicom/pom.xml needs com.pixelmed:pixelmed-imageio (test scope)");
    }
}

package org.irisimaging.dicom.pixels;

import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * PixelMed's JPEG lossless decoder (process 14, any predictor), reached through ImageIO as PixelMed
 * itself does; and a look at a bitstream's frame header, to tell process 14 SV1 from the rest.
 */
final class JpegLosslessReader {

    private static final String FORMAT = "jpeg-lossless";
    private static final int SOI = 0xD8;
    private static final int SOF3 = 0xC3;
    private static final int SOS = 0xDA;

    private JpegLosslessReader() {
    }

    /** The frame as a raster of unsigned P-bit samples, one band per component. */
    static Raster decode(byte[] jpeg) throws UnsupportedPixelDataException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(FORMAT);
        if (!readers.hasNext()) {
            throw new UnsupportedPixelDataException("no JPEG lossless decoder (PixelMed's pixelmed-imageio) on the class path");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            return reader.read(0).getRaster();
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedPixelDataException("JPEG lossless frame not decodable: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    /**
     * The predictor (selection value, T.81 Table H.1) of a process 14 bitstream: the Ss of its first
     * scan after an SOF3; -1 if it is not a single-frame lossless Huffman bitstream.
     */
    static int selectionValue(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != SOI) {
            return -1;
        }
        boolean lossless = false;
        int at = 2;
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                lossless = marker == SOF3; // any other SOFn is a DCT, arithmetic or hierarchical process
                if (!lossless) {
                    return -1;
                }
            } else if (marker == SOS) {
                int components = at + 4 < jpeg.length ? jpeg[at + 4] & 0xFF : 0;
                int ss = at + 5 + 2 * components;
                return lossless && ss < jpeg.length ? jpeg[ss] & 0xFF : -1;
            }
            at += 2 + length;
        }
        return -1;
    }
}

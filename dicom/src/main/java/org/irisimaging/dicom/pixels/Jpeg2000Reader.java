package org.irisimaging.dicom.pixels;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * JPEG 2000 (transfer syntaxes 1.2.840.10008.1.2.4.90 and .91) by jai-imageio's JJ2000 reader, in
 * pure Java (ADR 0022). Built directly rather than looked up in the ImageIO registry, which scans
 * the class path of whichever class loader first touched it (not always the application's).
 * The reader applies the codestream's component transform (RCT, ICT): colour comes out as RGB.
 */
final class Jpeg2000Reader {

    private Jpeg2000Reader() {
    }

    /** Decodes one codestream; one whose SIZ declares more than {@code maxSamples} samples is refused first. */
    static Raster decode(byte[] bitstream, int maxSamples) throws UnsupportedPixelDataException {
        long declared = declaredSamples(bitstream);
        if (declared > maxSamples) {
            throw new UnsupportedPixelDataException("JPEG 2000 codestream declares " + declared
                    + " samples: more samples than the image has");
        }
        ImageReader reader = new J2KImageReader(new J2KImageReaderSpi());
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bitstream))) {
            reader.setInput(in);
            return reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedPixelDataException("JPEG 2000 frame not decodable: " + e.getMessage());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            // JJ2000 ends a corrupt codestream with an Error of its own (ThreadDeath once it logged it)
            throw new UnsupportedPixelDataException("JPEG 2000 frame not decodable: " + e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Samples the SIZ segment of a raw codestream (FF4F FF51) declares, 0 when there is none to read
     * (a JP2 file format wrapper, which the reader checks itself).
     */
    private static long declaredSamples(byte[] c) {
        if (c.length < 42 || (c[0] & 0xFF) != 0xFF || (c[1] & 0xFF) != 0x4F || (c[2] & 0xFF) != 0xFF
                || (c[3] & 0xFF) != 0x51) {
            return 0;
        }
        long width = u32(c, 8) - u32(c, 16);
        long height = u32(c, 12) - u32(c, 20);
        int components = (c[40] & 0xFF) << 8 | (c[41] & 0xFF);
        return Math.max(0, width) * Math.max(0, height) * components;
    }

    private static long u32(byte[] b, int at) {
        return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}

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

    static Raster decode(byte[] bitstream) throws UnsupportedPixelDataException {
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
}

package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.irisimaging.dicom.lossy.EightBitImage;
import org.irisimaging.dicom.lossy.LossyFrames;
import org.irisimaging.dicom.pixels.NativePixelData;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The lossy tier (ADR 0016): native Pixel Data as baseline 8-bit JPEG (1.2.840.10008.1.2.4.50),
 * windowed to 8 bits, with the Lossy Image Compression attributes, in a Part 10 file like the
 * lossless one; and its verification, which cannot be sample by sample: every frame must decode
 * with the JDK's JPEG reader to the image's geometry and stay close to the 8-bit image encoded.
 */
final class LossyRendition {

    /**
     * Lowest PSNR against the 8-bit image accepted: well below what usable quality settings give
     * (34 dB at quality 50 on a CT-like frame, ADR 0016), well above what another image scores.
     */
    static final double MINIMUM_PSNR_DB = 20;

    private LossyRendition() {
    }

    /**
     * Renders {@code original} (a data set with native Pixel Data) at {@code quality} (1..100).
     *
     * @throws UnsupportedPixelDataException if the lossy tier does not take its pixel data
     */
    static RenditionFile render(AttributeList original, int quality)
            throws UnsupportedPixelDataException, DicomException, IOException {
        LossyFrames frames = LossyFrames.encodeFrames(original, quality);
        AttributeList rendition = (AttributeList) original.clone();
        frames.describeIn(rendition);
        return new RenditionFile(Part10.write(rendition, LossyFrames.TRANSFER_SYNTAX_UID), frames.frames().size());
    }

    /**
     * Decodes every frame of the rendition {@code part10} and compares it with the 8-bit image of
     * {@code original} (native samples).
     *
     * @return what was found, for the verification record
     * @throws VerificationFailed if a frame does not decode, has another geometry,
     *                                              or is not the image encoded
     */
    static String verify(AttributeList original, InputStream part10)
            throws VerificationFailed, DicomException, IOException {
        EightBitImage expected;
        try {
            expected = EightBitImage.of(original);
        } catch (UnsupportedPixelDataException e) {
            throw new VerificationFailed("original no longer takes the lossy tier: " + e.getMessage());
        }
        AttributeList rendition = Part10.read(part10, false);
        List<byte[]> frames;
        try {
            frames = NativePixelData.encapsulatedFrames(rendition);
        } catch (UnsupportedPixelDataException e) {
            throw new VerificationFailed("rendition: " + e.getMessage());
        }
        if (frames.size() != expected.frames()) {
            throw new VerificationFailed("rendition has " + frames.size() + " frames, not " + expected.frames());
        }
        if (Attribute.getSingleIntegerValueOrDefault(rendition, TagFromName.BitsStored, 0) != 8) {
            throw new VerificationFailed("rendition does not say Bits Stored 8");
        }
        double lowest = Double.POSITIVE_INFINITY;
        for (int f = 0; f < frames.size(); f++) {
            BufferedImage image;
            try {
                image = jdkDecode(frames.get(f));
            } catch (IOException e) {
                throw new VerificationFailed("frame " + (f + 1) + " is not a JPEG the JDK decodes: " + e.getMessage());
            }
            Raster raster = image.getRaster();
            if (raster.getWidth() != expected.columns() || raster.getHeight() != expected.rows()
                    || raster.getNumBands() != expected.samplesPerPixel()) {
                throw new VerificationFailed("frame " + (f + 1) + " decodes to " + raster.getWidth() + "x"
                        + raster.getHeight() + "x" + raster.getNumBands() + ", not " + expected.columns() + "x"
                        + expected.rows() + "x" + expected.samplesPerPixel());
            }
            double psnr = psnr(expected.frame(f), image);
            if (psnr < MINIMUM_PSNR_DB) {
                throw new VerificationFailed(String.format(Locale.ROOT,
                        "frame %d decodes %.1f dB from the image encoded (minimum %.0f dB)", f + 1, psnr, MINIMUM_PSNR_DB));
            }
            lowest = Math.min(lowest, psnr);
        }
        return String.format(Locale.ROOT, "lossy: %d frames decoded, lowest PSNR %.1f dB against the 8-bit image",
                frames.size(), lowest);
    }

    /** The JDK's own baseline JPEG reader, by name: another registered JPEG reader could claim the stream. */
    private static BufferedImage jdkDecode(byte[] jpeg) throws IOException {
        for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg"); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.sun.imageio.plugins.jpeg")) {
                try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
                    reader.setInput(in);
                    return reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        }
        throw new IOException("no JDK JPEG reader");
    }

    /** PSNR of the decoded frame (RGB as ImageIO converts YCbCr back) against the 8-bit samples. */
    private static double psnr(byte[] expected, BufferedImage decoded) {
        Raster raster = decoded.getRaster();
        int bands = raster.getNumBands();
        int[] pixel = new int[bands];
        double sum = 0;
        for (int y = 0, i = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.getPixel(x, y, pixel);
                for (int c = 0; c < bands; c++, i++) {
                    double d = (expected[i] & 0xFF) - pixel[c];
                    sum += d * d;
                }
            }
        }
        double mse = sum / expected.length;
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}

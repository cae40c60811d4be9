package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.dicom.Dcmdump;
import org.irisimaging.dicom.jpeg.Dcmdjpeg;
import org.irisimaging.dicom.jpeg.LosslessFrame;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.dicom.jpeg.SyntheticImage;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lossy tier's Part 10 files, read by real peers: dcmtk's dcmdjpeg decodes every frame
 * (dimensions, frame count, samples close to the 8-bit image that was encoded), dcmdump reads the
 * attributes that must tell the truth (transfer syntax, 8-bit Image Pixel module, Photometric
 * Interpretation, Lossy Image Compression, its ratio and method), and the JDK's own ImageIO reader
 * decodes each fragment as a baseline (process 1) JPEG.
 */
class LossyFramesTest {

    /** Below this the decoded image is not close to the one encoded (a different image scores far lower). */
    private static final double MINIMUM_PSNR_DB = 35;
    /**
     * Colour: the synthetic gradients wrap from 255 to 0 in each component at different places,
     * sharp colour edges that halved chrominance (4:2:2) blurs; a smooth colour ramp scores ~48 dB.
     */
    private static final double MINIMUM_COLOUR_PSNR_DB = 25;

    @TempDir
    Path dir;

    static Stream<SyntheticImage> images() {
        return Stream.of(
                SyntheticImage.of("unsigned 8-bit gradient 64x65", LosslessFrame.grayscale(64, 65, 8), 1, false, SyntheticImage.GRADIENT, 1),
                SyntheticImage.of("signed 8-bit gradient 33x31", LosslessFrame.grayscale(33, 31, 8), 1, true, SyntheticImage.GRADIENT, 2),
                SyntheticImage.of("unsigned 12-bit gradient 129x127", LosslessFrame.grayscale(129, 127, 12), 1, false, SyntheticImage.GRADIENT, 3),
                SyntheticImage.of("signed 12-bit gradient 2 frames 64x64", LosslessFrame.grayscale(64, 64, 12), 2, true, SyntheticImage.GRADIENT, 4),
                SyntheticImage.of("unsigned 16-bit gradient 3 frames 65x64", LosslessFrame.grayscale(65, 64, 16), 3, false, SyntheticImage.GRADIENT, 5),
                SyntheticImage.of("signed 16-bit gradient 1x1", LosslessFrame.grayscale(1, 1, 16), 1, true, SyntheticImage.CONSTANT, 6),
                SyntheticImage.of("signed 16-bit gradient 2 frames 31x17", LosslessFrame.grayscale(31, 17, 16), 2, true, SyntheticImage.GRADIENT, 7),
                SyntheticImage.of("RGB 8-bit planar 0 gradient 2 frames 64x48", new LosslessFrame(64, 48, 3, 8, 0), 2, false, SyntheticImage.GRADIENT, 8),
                SyntheticImage.of("RGB 8-bit planar 1 gradient 31x17", new LosslessFrame(31, 17, 3, 8, 1), 1, false, SyntheticImage.GRADIENT, 9),
                SyntheticImage.of("RGB 16-bit planar 0 gradient 32x32", new LosslessFrame(32, 32, 3, 16, 0), 1, false, SyntheticImage.GRADIENT, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void dcmtkReadsTheLossyFileAndDecodesEveryFrameCloseToTheEightBitImage(SyntheticImage image) throws Exception {
        AttributeList original = image.dataSet();
        Path file = dir.resolve("lossy.dcm");
        LossyFrames frames = LossyFiles.write(original, 90, file);
        boolean colour = image.frame().samplesPerPixel() == 3;

        Dcmdump.Dump dump = Dcmdump.dump(file);
        assertEquals(0, dump.exitCode(), dump.stderr());
        assertEquals("1.2.840.10008.1.2.4.50", dump.value("0002,0010"));
        assertEquals("8", dump.value("0028,0100"));
        assertEquals("8", dump.value("0028,0101"));
        assertEquals("7", dump.value("0028,0102"));
        assertEquals("0", dump.value("0028,0103"));
        assertEquals(colour ? "YBR_FULL_422" : "MONOCHROME2", dump.value("0028,0004"));
        assertEquals("01", dump.value("0028,2110"));
        assertEquals(String.format(Locale.ROOT, "%.2f", frames.compressionRatio()), dump.value("0028,2112"));
        assertEquals("ISO_10918_1", dump.value("0028,2114"));
        long originalBytes = (long) image.frame().sampleCount() * image.frames() * (image.bitsAllocated() / 8);
        long compressed = frames.frames().stream().mapToLong(f -> f.length).sum();
        assertEquals((double) originalBytes / compressed, frames.compressionRatio(), 1e-9, "ratio: original bytes / compressed bytes");

        AttributeList decoded = Dcmdjpeg.decode(file, dir.resolve("decoded.dcm"));
        assertEquals(image.frames(), NativePixels.frameCount(decoded));
        assertEquals(image.frame().rows(), Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.Rows, 0));
        assertEquals(image.frame().columns(), Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.Columns, 0));
        EightBitImage expected = EightBitImage.of(original);
        for (int f = 0; f < image.frames(); f++) {
            int[][] samples = NativePixels.frame(decoded, f);
            int[] interleaved = new int[samples.length * samples[0].length];
            for (int i = 0; i < samples[0].length; i++) {
                for (int c = 0; c < samples.length; c++) {
                    interleaved[i * samples.length + c] = samples[c][i];
                }
            }
            double psnr = LossyFiles.psnr(expected.frame(f), interleaved);
            assertTrue(psnr >= (colour ? MINIMUM_COLOUR_PSNR_DB : MINIMUM_PSNR_DB), image + " frame " + f + ": PSNR " + psnr + " dB");

            BufferedImage jdk = ImageIO.read(new ByteArrayInputStream(frames.frames().get(f)));
            assertNotNull(jdk, "ImageIO decodes frame " + f);
            assertEquals(image.frame().columns(), jdk.getWidth());
            assertEquals(image.frame().rows(), jdk.getHeight());
            assertEquals(image.frame().samplesPerPixel(), jdk.getRaster().getNumBands());
            assertBaseline(frames.frames().get(f), colour);
        }
    }

    @Test
    void monochrome1StaysMonochrome1AndDcmdjpegDecodesIt() throws Exception {
        AttributeList original = SyntheticImage.of("MONOCHROME1 12-bit gradient 2 frames 40x30",
                LosslessFrame.grayscale(40, 30, 12), 2, false, SyntheticImage.GRADIENT, 14).dataSet();
        Attributes.put(original, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME1");
        Path file = dir.resolve("mono1.dcm");
        LossyFiles.write(original, 90, file);
        assertEquals("MONOCHROME1", Dcmdump.dump(file).value("0028,0004"));
        AttributeList decoded = Dcmdjpeg.decode(file, dir.resolve("decoded.dcm"));
        assertEquals("MONOCHROME1", Attribute.getSingleStringValueOrEmptyString(decoded, TagFromName.PhotometricInterpretation));
        EightBitImage expected = EightBitImage.of(original);
        for (int f = 0; f < 2; f++) {
            double psnr = LossyFiles.psnr(expected.frame(f), NativePixels.frame(decoded, f)[0]);
            assertTrue(psnr >= MINIMUM_PSNR_DB, "frame " + f + ": PSNR " + psnr + " dB");
        }
    }

    @Test
    void qualityTradesSizeForFidelity() throws Exception {
        AttributeList ct = ctLike();
        byte[] eightBits = EightBitImage.of(ct).frame(0);
        double previousRatio = Double.MAX_VALUE;
        double previousPsnr = 0;
        StringBuilder table = new StringBuilder("CT-like 512x512 12-bit frame in a 40/400 window, baseline JPEG:");
        for (int quality : new int[]{50, 75, 85, 90, 95, 100}) {
            LossyFrames frames = LossyFrames.encodeFrames(ct, quality);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(frames.frames().get(0)));
            double psnr = LossyFiles.psnr(eightBits, decoded.getRaster().getSamples(0, 0, 512, 512, 0, (int[]) null));
            table.append(String.format(Locale.ROOT, "%n  quality %3d: ratio %5.2f (%6d bytes for %d), PSNR %.1f dB",
                    quality, frames.compressionRatio(), frames.frames().get(0).length, 512 * 512 * 2, psnr));
            assertTrue(frames.compressionRatio() < previousRatio, "quality " + quality + ": ratio " + frames.compressionRatio());
            assertTrue(psnr > previousPsnr, "quality " + quality + ": PSNR " + psnr);
            previousRatio = frames.compressionRatio();
            previousPsnr = psnr;
        }
        System.out.println(table);
        assertThrows(IllegalArgumentException.class, () -> LossyFrames.encodeFrames(ct, 0));
    }

    @Test
    void anEarlierLossyCompressionIsKeptAndThisOneAppended() throws Exception {
        AttributeList original = SyntheticImage.of("12-bit", LosslessFrame.grayscale(16, 16, 12), 1, false,
                SyntheticImage.GRADIENT, 11).dataSet();
        Attributes.put(original, new CodeStringAttribute(TagFromName.LossyImageCompression), "01");
        Attributes.put(original, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.LossyImageCompressionRatio), "8");
        Attributes.put(original, new CodeStringAttribute(TagFromName.LossyImageCompressionMethod), "ISO_14495_1");
        LossyFrames frames = LossyFrames.encodeFrames(original, 90);
        AttributeList rendition = (AttributeList) original.clone();
        frames.describeIn(rendition);
        assertEquals("8\\" + String.format(Locale.ROOT, "%.2f", frames.compressionRatio()),
                rendition.get(TagFromName.LossyImageCompressionRatio).getDelimitedStringValuesOrEmptyString());
        assertEquals("ISO_14495_1\\ISO_10918_1",
                rendition.get(TagFromName.LossyImageCompressionMethod).getDelimitedStringValuesOrEmptyString());
        assertEquals("ISO_14495_1", Attribute.getSingleStringValueOrEmptyString(original, TagFromName.LossyImageCompressionMethod),
                "the original is not modified");
    }

    @Test
    void paletteColourIsNotTaken() throws Exception {
        AttributeList palette = SyntheticImage.of("palette", LosslessFrame.grayscale(8, 8, 8), 1, false,
                SyntheticImage.NOISE, 12).dataSet();
        Attributes.put(palette, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "PALETTE COLOR");
        UnsupportedPixelDataException e = assertThrows(UnsupportedPixelDataException.class,
                () -> LossyFrames.encodeFrames(palette, 90));
        assertTrue(e.getMessage().contains("PALETTE COLOR"), e.getMessage());
    }

    /** A 512x512 CT-like frame: 16-bit words, 12 bits stored, rescale to HU, a soft-tissue window. */
    static AttributeList ctLike() throws Exception {
        short[] words = org.irisimaging.dicom.jpeg.EncoderBenchmark.ctLikeFrame(new java.util.Random(20260101));
        AttributeList list = SyntheticImage.of("ct", LosslessFrame.grayscale(512, 512, 12), 1, false,
                SyntheticImage.CONSTANT, 13).dataSet();
        list.get(TagFromName.PixelData).setValues(words);
        Attributes.put(list, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
        Attributes.put(list, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.RescaleSlope), "1");
        Attributes.put(list, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.WindowCenter), "40");
        Attributes.put(list, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.WindowWidth), "400");
        return list;
    }

    /** Process 1: SOF0, precision 8; colour sampled 2x1 for Y and 1x1 for Cb, Cr (YBR_FULL_422). */
    private static void assertBaseline(byte[] jpeg, boolean colour) {
        int at = 2;
        while (at + 4 < jpeg.length) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                assertEquals(0xC0, marker, "SOF0: baseline sequential");
                assertEquals(8, jpeg[at + 4], "precision");
                int components = jpeg[at + 9];
                assertEquals(colour ? 3 : 1, components);
                if (colour) {
                    assertEquals(0x21, jpeg[at + 11], "Y sampling 2x1");
                    assertEquals(0x11, jpeg[at + 14], "Cb sampling 1x1");
                    assertEquals(0x11, jpeg[at + 17], "Cr sampling 1x1");
                }
                return;
            }
            at += 2 + length;
        }
        throw new AssertionError("no SOF marker");
    }
}

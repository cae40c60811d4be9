package org.irisimaging.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.Processes;
import org.irisimaging.dicom.PydicomCorpus;
import org.irisimaging.dicom.jpeg.LosslessFrame;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.dicom.jpeg.Samples;
import org.irisimaging.dicom.jpeg.SyntheticImage;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The decoders of ADR 0022 — our JPEG-LS (T.87) and DCT JPEG (T.81, 8 and 12 bits) decoders,
 * jai-imageio for JPEG 2000 — against references: pydicom's uncompressed twin of the same image
 * (lossless: bit-exact), dcmtk's dcmdjpls (bit-exact, near-lossless too: decoding is deterministic)
 * and dcmdjpeg (lossy DCT: within 1 of libjpeg's integer IDCT), on the corpus and on synthetic
 * images dcmtk compressed.
 */
class ViewingCodecsTest {

    private static final String EXPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    @TempDir
    Path dir;

    @Test
    void jpegLsLosslessOfTheCorpusIsBitExactWithItsUncompressedTwinAndWithDcmdjpls() throws Exception {
        DicomFile jls = DicomFile.read(PydicomCorpus.file("test_files/MR_small_jpeg_ls_lossless.dcm"));
        assertEquals(PixelEncoding.JPEG_LS_LOSSLESS, PixelEncoding.of(jls.transferSyntaxUid()));
        AttributeList ours = NativePixelData.decode(jls.attributes(), jls.transferSyntaxUid());
        assertSameFrames("MR_small JPEG-LS vs MR_small", twin("MR_small.dcm"), ours, 0);
        assertSameFrames("MR_small JPEG-LS vs dcmdjpls", dcmtk("dcmdjpls", PydicomCorpus.file("test_files/MR_small_jpeg_ls_lossless.dcm")), ours, 0);
    }

    @Test
    void jpeg2000LosslessOfTheCorpusIsBitExactWithItsUncompressedTwin() throws Exception {
        DicomFile j2k = DicomFile.read(PydicomCorpus.file("test_files/MR_small_jp2klossless.dcm"));
        assertEquals(PixelEncoding.JPEG_2000_LOSSLESS, PixelEncoding.of(j2k.transferSyntaxUid()));
        assertSameFrames("MR_small JPEG 2000 vs MR_small", twin("MR_small.dcm"),
                NativePixelData.decode(j2k.attributes(), j2k.transferSyntaxUid()), 0);
    }

    @Test
    void everyJpeg2000ImageOfTheCorpusDecodesForViewing() throws Exception {
        for (String name : List.of("JPEG2000.dcm", "693_J2KI.dcm", "GDCMJ2K_TextGBR.dcm", "J2K_pixelrep_mismatch.dcm")) {
            DicomFile j2k = DicomFile.read(PydicomCorpus.file("test_files/" + name));
            AttributeList decoded;
            try {
                decoded = NativePixelData.decodeForViewing(j2k.attributes(), j2k.transferSyntaxUid());
            } catch (UnsupportedPixelDataException e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
            int[][] frame = NativePixels.frame(decoded, 0);
            assertTrue(distinctValues(frame[0]) > 4, name + ": an image, not a blank");
            if (frame.length == 3) {
                assertEquals("RGB", Attribute.getSingleStringValueOrEmptyString(decoded, TagFromName.PhotometricInterpretation), name);
            }
        }
    }

    @Test
    void aJpeg2000CodestreamJaiImageioRejectsIsRefusedWithTheReason() throws Exception {
        // its fragment carries a sequence delimiter inside the codestream: its SIZ, as read, is nonsense
        DicomFile j2k = DicomFile.read(PydicomCorpus.file("test_files/JPEG2000-embedded-sequence-delimiter.dcm"));
        UnsupportedPixelDataException e = assertThrows(UnsupportedPixelDataException.class,
                () -> NativePixelData.decodeForViewing(j2k.attributes(), j2k.transferSyntaxUid()));
        assertTrue(e.getMessage().startsWith("JPEG 2000"), e.getMessage());
    }

    @Test
    void jpeg2000ColourOfTheCorpusMatchesItsUncompressedTwin() throws Exception {
        DicomFile j2k = DicomFile.read(PydicomCorpus.file("test_files/SC_rgb_gdcm_KY.dcm"));
        AttributeList decoded = NativePixelData.decodeForViewing(j2k.attributes(), j2k.transferSyntaxUid());
        assertEquals("RGB", Attribute.getSingleStringValueOrEmptyString(decoded, TagFromName.PhotometricInterpretation));
        DicomFile rle = DicomFile.read(PydicomCorpus.file("test_files/SC_rgb_rle.dcm"));
        assertSameFrames("SC_rgb_gdcm_KY vs SC_rgb_rle", NativePixelData.decode(rle.attributes(), rle.transferSyntaxUid()),
                decoded, 0);
    }

    @Test
    void twelveBitExtendedJpegOfTheCorpusDecodesAsDcmdjpegDoes() throws Exception {
        for (String name : List.of("JPEG-lossy.dcm", "JPGExtended.dcm")) {
            Path file = PydicomCorpus.file("test_files/" + name);
            DicomFile jpeg = DicomFile.read(file);
            assertThrows(UnsupportedPixelDataException.class,
                    () -> NativePixelData.decode(jpeg.attributes(), jpeg.transferSyntaxUid()), "lossy: never for a rendition");
            AttributeList ours = NativePixelData.decodeForViewing(jpeg.attributes(), jpeg.transferSyntaxUid());
            assertSameFrames(name + " vs dcmdjpeg", dcmtk("dcmdjpeg", file), ours, 1);
        }
    }

    @Test
    void baselineJpegOfTheCorpusDecodesAsDcmdjpegDoes() throws Exception {
        // RGB as coded, and YCbCr made RGB (not subsampled: libjpeg interpolates chroma, we replicate)
        for (String name : List.of("SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_small_odd_jpeg.dcm")) {
            Path file = PydicomCorpus.file("test_files/" + name);
            DicomFile jpeg = DicomFile.read(file);
            AttributeList ours = NativePixelData.decodeForViewing(jpeg.attributes(), jpeg.transferSyntaxUid());
            assertSameFrames(name + " vs dcmdjpeg", dcmtk("dcmdjpeg", file), ours, 2);
        }
    }

    static Stream<SyntheticImage> images() {
        return Stream.of(
                SyntheticImage.of("signed 16-bit extremes 2 frames 33x31", LosslessFrame.grayscale(33, 31, 16), 2, true, SyntheticImage.EXTREMES, 1),
                SyntheticImage.of("unsigned 12-bit noise 3 frames 17x19", LosslessFrame.grayscale(17, 19, 12), 3, false, SyntheticImage.NOISE, 2),
                SyntheticImage.of("unsigned 8-bit gradient 64x65", LosslessFrame.grayscale(64, 65, 8), 1, false, SyntheticImage.GRADIENT, 3),
                SyntheticImage.of("unsigned 10-bit constant 40x9", LosslessFrame.grayscale(40, 9, 10), 1, false, SyntheticImage.CONSTANT, 6),
                SyntheticImage.of("RGB 8-bit gradient 2 frames 31x17", new LosslessFrame(31, 17, 3, 8, 0), 2, false, SyntheticImage.GRADIENT, 5),
                SyntheticImage.of("RGB 8-bit noise 31x17", new LosslessFrame(31, 17, 3, 8, 0), 1, false, SyntheticImage.NOISE, 4));
    }

    @Test
    void ycbcrBaselineJpegOfTheCorpusDecodesToTheRgbDcmdjpegGives() throws Exception {
        // not subsampled (4:4:4): libjpeg interpolates subsampled chroma where we replicate it
        Path file = PydicomCorpus.file("test_files/SC_rgb_dcmtk_+eb+cy+s4.dcm");
        DicomFile jpeg = DicomFile.read(file);
        AttributeList ours = NativePixelData.decodeForViewing(jpeg.attributes(), jpeg.transferSyntaxUid());
        assertEquals("RGB", Attribute.getSingleStringValueOrEmptyString(ours, TagFromName.PhotometricInterpretation));
        assertSameFrames("SC_rgb_dcmtk_+eb+cy+s4.dcm vs dcmdjpeg", dcmtk("dcmdjpeg", file), ours, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void imagesThatDcmtkCompressedAsJpegLsDecodeAsDcmdjplsDoes(SyntheticImage image) throws Exception {
        Path nativeFile = write(image);
        List<List<String>> modes = new ArrayList<>(List.of(List.of("+el"), List.of("+el", "+in"), List.of("+el", "+is")));
        if (!image.signed()) {
            modes.add(List.of("+en", "+md", "3")); // dcmcjpls takes unsigned data only for near-lossless
            modes.add(List.of("+en", "+md", "1", "+is"));
        }
        for (List<String> options : modes) {
            Path compressed = run("dcmcjpls", nativeFile, dir.resolve("jls.dcm"), options.toArray(String[]::new));
            DicomFile jls = DicomFile.read(compressed);
            AttributeList ours = NativePixelData.decodeForViewing(jls.attributes(), jls.transferSyntaxUid());
            assertSameFrames(image + " " + options, dcmtk("dcmdjpls", compressed), ours, 0);
            if (options.contains("+el")) {
                assertEquals("1.2.840.10008.1.2.4.80", jls.transferSyntaxUid());
                for (int f = 0; f < image.frames(); f++) {
                    Samples.assertFrameEquals(image, f, NativePixels.frame(ours, f));
                }
            } else {
                assertEquals("1.2.840.10008.1.2.4.81", jls.transferSyntaxUid());
            }
        }
    }

    @Test
    void twelveBitImagesThatDcmtkCompressedAsExtendedJpegDecodeAsDcmdjpegDoes() throws Exception {
        for (SyntheticImage image : List.of(
                SyntheticImage.of("12-bit gradient 2 frames 70x45", LosslessFrame.grayscale(70, 45, 12), 2, false, SyntheticImage.GRADIENT, 7),
                SyntheticImage.of("12-bit noise 33x17", LosslessFrame.grayscale(33, 17, 12), 1, false, SyntheticImage.NOISE, 8))) {
            Path nativeFile = write(image);
            for (List<String> options : List.of(List.of("+ee"), List.of("+ee", "+q", "60"))) {
                Path compressed = run("dcmcjpeg", nativeFile, dir.resolve("ext.dcm"), options.toArray(String[]::new));
                DicomFile jpeg = DicomFile.read(compressed);
                assertEquals("1.2.840.10008.1.2.4.51", jpeg.transferSyntaxUid());
                AttributeList ours = NativePixelData.decodeForViewing(jpeg.attributes(), jpeg.transferSyntaxUid());
                assertSameFrames(image + " " + options, dcmtk("dcmdjpeg", compressed), ours, 1);
            }
        }
    }

    @Test
    void corruptBitstreamsAreRefusedNotThrownAtTheCaller() throws Exception {
        for (String name : List.of("MR_small_jpeg_ls_lossless.dcm", "JPEG-lossy.dcm", "MR_small_jp2klossless.dcm")) {
            DicomFile file = DicomFile.read(PydicomCorpus.file("test_files/" + name));
            byte[] frame = NativePixelData.encapsulatedFrames(file.attributes()).getFirst();
            for (int cut : new int[] {2, 40, frame.length / 2}) {
                byte[] truncated = java.util.Arrays.copyOf(frame, cut);
                PixelEncoding encoding = PixelEncoding.of(file.transferSyntaxUid());
                assertThrows(UnsupportedPixelDataException.class, () -> {
                    switch (encoding) {
                        case JPEG_LS_LOSSLESS -> JpegLsDecoder.decode(truncated, 1 << 20);
                        case JPEG_LOSSY -> JpegDctDecoder.decode(truncated, 1 << 20);
                        default -> Jpeg2000Reader.decode(truncated, 1 << 20);
                    }
                }, name + " cut at " + cut);
            }
        }
    }

    @Test
    void mutatedBitstreamsDecodeOrAreRefusedPromptly() throws Exception {
        java.util.Random random = new java.util.Random(22);
        int refused = 0;
        int decoded = 0;
        for (String name : List.of("MR_small_jpeg_ls_lossless.dcm", "JPEG-lossy.dcm", "MR_small_jp2klossless.dcm")) {
            DicomFile file = DicomFile.read(PydicomCorpus.file("test_files/" + name));
            byte[] frame = NativePixelData.encapsulatedFrames(file.attributes()).getFirst();
            PixelEncoding encoding = PixelEncoding.of(file.transferSyntaxUid());
            for (int i = 0; i < 150; i++) {
                byte[] mutated = frame.clone();
                for (int m = 1 + random.nextInt(4); m > 0; m--) {
                    int at = random.nextInt(mutated.length);
                    mutated[at] = random.nextBoolean() ? (byte) (mutated[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
                }
                boolean ok = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
                    try {
                        switch (encoding) {
                            case JPEG_LS_LOSSLESS -> JpegLsDecoder.decode(mutated, 64 * 64);
                            case JPEG_LOSSY -> JpegDctDecoder.decode(mutated, 1024 * 256);
                            default -> Jpeg2000Reader.decode(mutated, 64 * 64);
                        }
                        return true;
                    } catch (UnsupportedPixelDataException e) {
                        return false; // refused: the only other outcome allowed
                    }
                }, name + " mutation " + i);
                if (ok) {
                    decoded++;
                } else {
                    refused++;
                }
            }
        }
        System.out.printf("mutated bitstreams: %d decoded (to some image), %d refused, none thrown otherwise%n", decoded, refused);
        assertEquals(450, decoded + refused);
    }

    @Test
    void aBitstreamDeclaringMoreSamplesThanTheImageIsRefusedBeforeDecoding() throws Exception {
        for (String name : List.of("MR_small_jpeg_ls_lossless.dcm", "JPEG-lossy.dcm", "MR_small_jp2klossless.dcm")) {
            DicomFile file = DicomFile.read(PydicomCorpus.file("test_files/" + name));
            byte[] frame = NativePixelData.encapsulatedFrames(file.attributes()).getFirst();
            int samples = Attribute.getSingleIntegerValueOrDefault(file.attributes(), TagFromName.Rows, 0)
                    * Attribute.getSingleIntegerValueOrDefault(file.attributes(), TagFromName.Columns, 0);
            PixelEncoding encoding = PixelEncoding.of(file.transferSyntaxUid());
            UnsupportedPixelDataException e = assertThrows(UnsupportedPixelDataException.class, () -> {
                switch (encoding) {
                    case JPEG_LS_LOSSLESS -> JpegLsDecoder.decode(frame, samples - 1);
                    case JPEG_LOSSY -> JpegDctDecoder.decode(frame, samples - 1);
                    default -> Jpeg2000Reader.decode(frame, samples - 1);
                }
            }, name);
            assertTrue(e.getMessage().contains("more samples than the image has"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int distinctValues(int[] samples) {
        return (int) java.util.Arrays.stream(samples).distinct().count();
    }

    private static AttributeList twin(String name) throws Exception {
        return DicomFile.read(PydicomCorpus.file("test_files/" + name)).attributes();
    }

    private Path write(SyntheticImage image) throws Exception {
        Path nativeFile = dir.resolve("native.dcm");
        AttributeList list = image.dataSet();
        FileMetaInformation.addFileMetaInformation(list, EXPLICIT_LITTLE_ENDIAN, "IRIS_TEST");
        list.write(nativeFile.toFile(), EXPLICIT_LITTLE_ENDIAN, true, true);
        return nativeFile;
    }

    private AttributeList dcmtk(String tool, Path file, String... options) throws Exception {
        Path out = run(tool, file, dir.resolve(tool + ".dcm"), options);
        AttributeList list = new AttributeList();
        list.read(out.toFile());
        return list;
    }

    private static Path run(String tool, Path in, Path out, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(options));
        command.addAll(List.of(in.toString(), out.toString()));
        Processes.Result r = Processes.run(command);
        if (r.exitCode() != 0) {
            fail(command + " failed (Debian package dcmtk): " + r.stdout() + r.stderr());
        }
        return out;
    }

    /** Frame by frame, component by component, each sample within {@code tolerance}. */
    private static void assertSameFrames(String what, AttributeList expected, AttributeList actual, int tolerance)
            throws Exception {
        int frames = NativePixels.frameCount(expected);
        assertEquals(frames, NativePixels.frameCount(actual), what + ": frames");
        for (int f = 0; f < frames; f++) {
            int[][] e = NativePixels.frame(expected, f);
            int[][] a = NativePixels.frame(actual, f);
            assertEquals(e.length, a.length, what + ": components");
            for (int c = 0; c < e.length; c++) {
                if (tolerance == 0) {
                    assertArrayEquals(e[c], a[c], what + ": frame " + f + ", component " + c);
                    continue;
                }
                int worst = 0;
                for (int i = 0; i < e[c].length; i++) {
                    worst = Math.max(worst, Math.abs(e[c][i] - a[c][i]));
                }
                assertTrue(worst <= tolerance, what + ": frame " + f + ", component " + c + " differs by up to " + worst);
            }
        }
    }
}

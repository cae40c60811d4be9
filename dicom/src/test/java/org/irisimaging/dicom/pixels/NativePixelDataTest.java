package org.irisimaging.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.Processes;
import org.irisimaging.dicom.PydicomCorpus;
import org.irisimaging.dicom.jpeg.JpegLosslessEncoder;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compressed originals made native: RLE by our Annex G decoder, JPEG Lossless by PixelMed's codec,
 * each checked sample by sample against dcmtk (dcmdrle, dcmdjpeg) decoding the same file, and
 * against synthetic images that dcmtk compressed (dcmcrle, dcmcjpeg with predictor 7).
 */
class NativePixelDataTest {

    private static final String EXPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    @TempDir
    Path dir;

    @Test
    void everyRleImageOfTheCorpusDecodesToWhatDcmdrleGives() throws Exception {
        List<String> decoded = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path file : PydicomCorpus.testFileList()) {
            if (!file.getFileName().toString().endsWith(".dcm") || !isTransferSyntax(file, "1.2.840.10008.1.2.5")) {
                continue;
            }
            DicomFile dicom = DicomFile.read(file);
            int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(dicom.attributes(), TagFromName.BitsAllocated, 0);
            if (bitsAllocated == 32) {
                UnsupportedPixelDataException e = assertThrows(UnsupportedPixelDataException.class,
                        () -> NativePixelData.decode(dicom.attributes(), dicom.transferSyntaxUid()));
                assertTrue(e.getMessage().contains("Bits Allocated 32"), e.getMessage());
                refused.add(file.getFileName().toString());
                continue;
            }
            AttributeList ours = NativePixelData.decode(dicom.attributes(), dicom.transferSyntaxUid());
            AttributeList dcmtk = dcmtk("dcmdrle", file);
            assertSameFrames(file.getFileName().toString(), dcmtk, ours);
            decoded.add(file.getFileName().toString());
        }
        System.out.printf("RLE corpus: %d decoded as dcmdrle does %s; refused (32-bit) %s%n", decoded.size(), decoded, refused);
        assertTrue(decoded.size() >= 5, "RLE files decoded: " + decoded);
        assertTrue(decoded.contains("SC_rgb_rle_16bit.dcm"), "16-bit colour, which PixelMed's own RLE decoder refuses");
    }

    @Test
    void jpegLosslessSv1OfTheCorpusDecodesAsDcmdjpegDoesAndIsRecognisedAsSv1() throws Exception {
        Path file = PydicomCorpus.file("test_files/SC_rgb_jpeg_gdcm.dcm");
        DicomFile dicom = DicomFile.read(file);
        assertTrue(NativePixelData.isJpegLosslessSv1(NativePixelData.encapsulatedFrames(dicom.attributes())));
        AttributeList ours = NativePixelData.decode(dicom.attributes(), dicom.transferSyntaxUid());
        assertSameFrames("SC_rgb_jpeg_gdcm.dcm", dcmtk("dcmdjpeg", file), ours);
        // RLE and JPEG lossless of the same secondary capture: two codecs, one image
        DicomFile rle = DicomFile.read(PydicomCorpus.file("test_files/SC_rgb_rle.dcm"));
        assertSameFrames("SC_rgb_rle.dcm vs SC_rgb_jpeg_gdcm.dcm",
                NativePixelData.decode(rle.attributes(), rle.transferSyntaxUid()), ours);
    }

    static Stream<SyntheticImage> images() {
        return Stream.of(
                SyntheticImage.of("signed 16-bit extremes 2 frames 33x31", LosslessFrame.grayscale(33, 31, 16), 2, true, SyntheticImage.EXTREMES, 1),
                SyntheticImage.of("signed 12-bit noise 3 frames 17x19", LosslessFrame.grayscale(17, 19, 12), 3, true, SyntheticImage.NOISE, 2),
                SyntheticImage.of("unsigned 8-bit gradient 64x65", LosslessFrame.grayscale(64, 65, 8), 1, false, SyntheticImage.GRADIENT, 3),
                SyntheticImage.of("RGB 8-bit planar 1 noise 2 frames 31x17", new LosslessFrame(31, 17, 3, 8, 1), 2, false, SyntheticImage.NOISE, 4),
                SyntheticImage.of("RGB 8-bit planar 0 gradient 2 frames 31x17", new LosslessFrame(31, 17, 3, 8, 0), 2, false, SyntheticImage.GRADIENT, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void imagesThatDcmtkCompressedLosslesslyDecodeToTheirSamples(SyntheticImage image) throws Exception {
        Path nativeFile = dir.resolve("native.dcm");
        AttributeList list = image.dataSet();
        FileMetaInformation.addFileMetaInformation(list, EXPLICIT_LITTLE_ENDIAN, "IRIS_TEST");
        list.write(nativeFile.toFile(), EXPLICIT_LITTLE_ENDIAN, true, true);

        DicomFile rle = DicomFile.read(run("dcmcrle", nativeFile, dir.resolve("rle.dcm")));
        assertEquals("1.2.840.10008.1.2.5", rle.transferSyntaxUid());
        assertFrames(image, NativePixelData.decode(rle.attributes(), rle.transferSyntaxUid()));

        // process 14 with predictor 7: transfer syntax .57, decoded, and not mistaken for SV1
        DicomFile sv7 = DicomFile.read(run("dcmcjpeg", nativeFile, dir.resolve("sv7.dcm"), "+el", "+sv", "7"));
        assertEquals("1.2.840.10008.1.2.4.57", sv7.transferSyntaxUid());
        assertFalse(NativePixelData.isJpegLosslessSv1(NativePixelData.encapsulatedFrames(sv7.attributes())));
        AttributeList decoded = NativePixelData.decode(sv7.attributes(), sv7.transferSyntaxUid());
        assertSameFrames(image + " .57", dcmtk("dcmdjpeg", dir.resolve("sv7.dcm")), decoded);
        if (image.frame().planarConfiguration() == 0) {
            // dcmcjpeg itself does not keep the samples of planar configuration 1 input (dcmdjpeg and
            // PixelMed agree on what it wrote): the comparison with dcmdjpeg above covers that case.
            assertFrames(image, decoded);
        }

        DicomFile sv1 = DicomFile.read(run("dcmcjpeg", nativeFile, dir.resolve("sv1.dcm"), "+e1"));
        assertEquals(JpegLosslessEncoder.TRANSFER_SYNTAX_UID, sv1.transferSyntaxUid());
        assertTrue(NativePixelData.isJpegLosslessSv1(NativePixelData.encapsulatedFrames(sv1.attributes())));
    }

    @Test
    void lossyAndUndecodableEncodingsAreRefusedWithTheReason() throws Exception {
        DicomFile baseline = DicomFile.read(PydicomCorpus.file("test_files/SC_rgb_jpeg_dcmtk.dcm"));
        UnsupportedPixelDataException lossy = assertThrows(UnsupportedPixelDataException.class,
                () -> NativePixelData.decode(baseline.attributes(), baseline.transferSyntaxUid()));
        assertTrue(lossy.getMessage().contains("lossy"), lossy.getMessage());
        assertFalse(NativePixelData.isJpegLosslessSv1(NativePixelData.encapsulatedFrames(baseline.attributes())));

        DicomFile rle32 = DicomFile.read(PydicomCorpus.file("test_files/SC_rgb_rle_32bit.dcm"));
        UnsupportedPixelDataException noDecoder = assertThrows(UnsupportedPixelDataException.class,
                () -> NativePixelData.decodeForViewing(rle32.attributes(), rle32.transferSyntaxUid()));
        assertTrue(noDecoder.getMessage().contains("Bits Allocated 32"), noDecoder.getMessage());
        UnsupportedPixelDataException htj2k = assertThrows(UnsupportedPixelDataException.class,
                () -> NativePixelData.decodeForViewing(baseline.attributes(), "1.2.840.10008.1.2.4.201"));
        assertTrue(htj2k.getMessage().contains("no decoder for transfer syntax 1.2.840.10008.1.2.4.201"), htj2k.getMessage());

        DicomFile nativeFile = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm"));
        assertSame(nativeFile.attributes(), NativePixelData.decode(nativeFile.attributes(), nativeFile.transferSyntaxUid()));
    }

    @Test
    void transferSyntaxesAreClassifiedNeverAssumingLossless() {
        assertEquals(PixelEncoding.NATIVE, PixelEncoding.of("1.2.840.10008.1.2.1.99"));
        assertEquals(PixelEncoding.RLE_LOSSLESS, PixelEncoding.of("1.2.840.10008.1.2.5"));
        assertEquals(PixelEncoding.JPEG_LOSSLESS, PixelEncoding.of("1.2.840.10008.1.2.4.57"));
        assertEquals(PixelEncoding.JPEG_2000_LOSSLESS, PixelEncoding.of("1.2.840.10008.1.2.4.90"));
        assertEquals(PixelEncoding.JPEG_LS_LOSSLESS, PixelEncoding.of("1.2.840.10008.1.2.4.80"));
        assertEquals(PixelEncoding.LOSSLESS_WITHOUT_DECODER, PixelEncoding.of("1.2.840.10008.1.2.4.201"));
        for (String lossy : List.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81",
                "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.203")) {
            assertTrue(PixelEncoding.of(lossy).lossy(), lossy);
            assertFalse(PixelEncoding.of(lossy).decodable(), lossy + ": never decoded for a rendition");
        }
        assertEquals(PixelEncoding.UNKNOWN, PixelEncoding.of("1.2.3.4"));
        assertFalse(PixelEncoding.UNKNOWN.decodable());
        assertFalse(PixelEncoding.UNKNOWN.viewable());
        assertTrue(PixelEncoding.of("1.2.840.10008.1.2.4.91").viewable());
        assertFalse(PixelEncoding.of("1.2.840.10008.1.2.4.100").viewable());
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isTransferSyntax(Path file, String uid) {
        try {
            return uid.equals(DicomFile.read(file).transferSyntaxUid());
        } catch (Exception e) {
            return false; // the corpus' broken files
        }
    }

    /** Decompresses {@code file} with a dcmtk tool and reads the result. */
    private AttributeList dcmtk(String tool, Path file) throws Exception {
        Path out = run(tool, file, dir.resolve(tool + ".dcm"));
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

    private static void assertSameFrames(String what, AttributeList expected, AttributeList actual) throws Exception {
        int frames = NativePixels.frameCount(expected);
        assertEquals(frames, NativePixels.frameCount(actual), what + ": frames");
        for (int f = 0; f < frames; f++) {
            int[][] e = NativePixels.frame(expected, f);
            int[][] a = NativePixels.frame(actual, f);
            assertEquals(e.length, a.length, what + ": components");
            for (int c = 0; c < e.length; c++) {
                assertArrayEquals(e[c], a[c], what + ": frame " + f + ", component " + c);
            }
        }
    }

    private static void assertFrames(SyntheticImage image, AttributeList decoded) throws Exception {
        assertEquals(image.frames(), NativePixels.frameCount(decoded));
        for (int f = 0; f < image.frames(); f++) {
            Samples.assertFrameEquals(image, f, NativePixels.frame(decoded, f));
        }
    }
}

package org.irisimaging.dicom.jpeg;

import org.irisimaging.dicom.PydicomCorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.InvalidDicomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every image of the pydicom corpus with native Pixel Data the encoder takes (8 to 16 bits,
 * grayscale or RGB/YBR_FULL): all frames encoded, then decoded by PixelMed in process and, written
 * as a Part 10 file, by dcmtk's dcmdjpeg; both must give back every sample bit for bit.
 */
class CorpusRoundTripTest {

    /** Files of the python3-pydicom corpus that must be checked: fewer means the test lost its data. */
    private static final int MINIMUM_FILES = 40;
    private static final Set<String> NATIVE = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
            "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99");

    @TempDir
    Path dir;

    @Test
    void everyNativeCorpusImageRoundTripsThroughPixelmedAndDcmdjpeg() throws Exception {
        List<String> checked = new ArrayList<>();
        Map<String, String> notTaken = new TreeMap<>();
        int frameCount = 0;
        for (Path file : PydicomCorpus.testFileList()) {
            String name = file.getFileName().toString();
            AttributeList original;
            try {
                DicomFile dicom = DicomFile.read(file);
                if (!NATIVE.contains(dicom.transferSyntaxUid()) || dicom.attributes().get(TagFromName.PixelData) == null) {
                    continue;
                }
                original = dicom.attributes();
            } catch (InvalidDicomException e) {
                continue; // not a readable Part 10 file: the corpus' broken files
            }
            EncapsulatedFrames frames;
            try {
                frames = EncapsulatedFrames.encodeFrames(original);
            } catch (UnsupportedPixelDataException e) {
                notTaken.put(name, e.getMessage());
                continue;
            }
            int expectedFrames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(original, TagFromName.NumberOfFrames, 1));
            assertEquals(expectedFrames, frames.frames().size(), name + ": frames");
            LosslessFrame geometry = EncapsulatedFrames.frameOf(original,
                    Attribute.getSingleIntegerValueOrDefault(original, TagFromName.BitsAllocated, 0));

            // PixelMed, in process, frame by frame.
            List<int[][]> expected = new ArrayList<>();
            for (int f = 0; f < expectedFrames; f++) {
                expected.add(NativePixels.frame(original, f));
                assertSameSamples(name + " frame " + f + " (PixelMed)", expected.get(f),
                        PixelmedDecoder.decode(frames.frames().get(f), geometry));
            }

            // dcmtk, from a Part 10 file.
            Path compressed = dir.resolve("lossless.dcm");
            Path decompressed = dir.resolve("decoded.dcm");
            Dcmdjpeg.writeLossless(DicomFile.read(file).attributes(), compressed);
            AttributeList decoded = Dcmdjpeg.decode(compressed, decompressed);
            for (int f = 0; f < expectedFrames; f++) {
                assertSameSamples(name + " frame " + f + " (dcmdjpeg)", expected.get(f), NativePixels.frame(decoded, f));
            }
            checked.add(name);
            frameCount += expectedFrames;
        }
        System.out.printf("JPEG lossless corpus round trip: %d files, %d frames bit-exact through PixelMed and dcmdjpeg;"
                + " not taken: %s%n", checked.size(), frameCount, notTaken);
        assertTrue(checked.size() >= MINIMUM_FILES, "corpus files checked: " + checked.size() + " " + checked);
    }

    private static void assertSameSamples(String what, int[][] expected, int[][] actual) {
        assertEquals(expected.length, actual.length, what + ": components");
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c].length, actual[c].length, what + ": samples of component " + c);
            for (int i = 0; i < expected[c].length; i++) {
                if (expected[c][i] != actual[c][i]) {
                    assertEquals(expected[c][i], actual[c][i], what + ": component " + c + ", sample " + i);
                }
            }
        }
    }
}

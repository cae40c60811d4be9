package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DicomFile#readSkippingPixelData} judges every object as {@link DicomFile#read(Path)} does and
 * yields the same attributes but the Pixel Data value: on the whole pydicom corpus, and on each of
 * its files cut short at a series of points across the end of the file (inside the pixel data, its
 * fragments, its header).
 */
class ReadSkippingPixelDataTest {

    private static final int[] CUTS = {1, 2, 3, 4, 7, 8, 11, 12, 100, 1000, 10_000};

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> sameVerdictAndAttributesAsAWholeRead() throws IOException {
        Path data = PydicomCorpus.dataDir();
        AtomicInteger cut = new AtomicInteger();
        return PydicomCorpus.allFiles().stream().map(file -> dynamicTest(data.relativize(file).toString(), () -> {
            assertSameAsWholeRead(file);
            byte[] bytes = Files.readAllBytes(file);
            for (int c : CUTS) {
                if (c < bytes.length - 132) {
                    Path shorter = Files.write(tmp.resolve("cut-" + cut.incrementAndGet() + ".dcm"),
                            Arrays.copyOf(bytes, bytes.length - c));
                    assertSameAsWholeRead(shorter);
                }
            }
        }));
    }

    @Test
    void aSliceEndingWithItsPixelDataIsReadWithoutThemAndKeepsTheirVr() throws Exception {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        put(list, TagFromName.SOPInstanceUID, "1.2.826.0.1.3680043.8.498.7");
        put(list, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.8.498.8");
        put(list, TagFromName.SeriesInstanceUID, "1.2.826.0.1.3680043.8.498.9");
        Attribute bitsAllocated = new UnsignedShortAttribute(TagFromName.BitsAllocated);
        bitsAllocated.addValue(16);
        list.put(bitsAllocated);
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[64 * 64]);
        list.put(pixels);
        FileMetaInformation.addFileMetaInformation(list, "1.2.840.10008.1.2.1", "TEST");
        Path file = tmp.resolve("slice.dcm");
        list.write(file.toFile(), "1.2.840.10008.1.2.1", true, true);

        Attribute skipped = DicomFile.readSkippingPixelData(file).attributes().get(TagFromName.PixelData);
        assertEquals("OW", new String(skipped.getVR(), StandardCharsets.US_ASCII));
        assertEquals(0, skipped.getVL(), "value not read");
        assertEquals(64 * 64 * 2, DicomFile.read(file).attributes().get(TagFromName.PixelData).getVL());
        // cut inside the pixel data: refused, like a whole read refuses it
        Path cut = Files.write(tmp.resolve("cut.dcm"), Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) - 1));
        assertThrows(InvalidDicomException.class, () -> DicomFile.readSkippingPixelData(cut));
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws Exception {
        Attribute a = new UniqueIdentifierAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static void assertSameAsWholeRead(Path file) throws IOException {
        Optional<DicomFile> whole = read(() -> DicomFile.read(file));
        Optional<DicomFile> skipping = read(() -> DicomFile.readSkippingPixelData(file));
        assertEquals(whole.isPresent(), skipping.isPresent(), file + ": accepted by read: " + whole.isPresent());
        if (whole.isPresent()) {
            assertEquals(json(whole.get()), json(skipping.get()), file + ": attributes");
        }
    }

    private static Optional<DicomFile> read(Reader reader) throws IOException {
        try {
            return Optional.of(reader.read());
        } catch (InvalidDicomException e) {
            return Optional.empty();
        }
    }

    /** The object's DICOM JSON (Pixel Data as a BulkDataURI with its VR), or why there is none. */
    private static String json(DicomFile file) {
        try {
            return DicomJson.toJson(file.attributes(), tag -> "bulk/" + tag).toString();
        } catch (InvalidDicomException e) {
            return "no DICOM JSON: " + e.reason();
        }
    }

    @FunctionalInterface
    private interface Reader {
        DicomFile read() throws InvalidDicomException, IOException;
    }
}

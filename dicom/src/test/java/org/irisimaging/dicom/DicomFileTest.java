package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.irisimaging.testsupport.HostileDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and refusing: truncations cut on purpose, non-DICOM input, the three input kinds. */
class DicomFileTest {

    private static final String CT_SMALL = "test_files/CT_small.dcm";
    private static final String DEFLATED = "test_files/image_dfl.dcm";

    @TempDir
    Path tmp;

    @Test
    void readsTheSameFromPathBytesAndStream() throws Exception {
        Path file = PydicomCorpus.file(CT_SMALL);
        byte[] bytes = Files.readAllBytes(file);
        DicomFile fromPath = DicomFile.read(file);
        DicomFile fromBytes = DicomFile.read(bytes);
        DicomFile fromStream = DicomFile.read(new ByteArrayInputStream(bytes));
        for (DicomFile f : new DicomFile[] {fromBytes, fromStream}) {
            assertEquals(fromPath.sopInstanceUid(), f.sopInstanceUid());
            assertEquals(fromPath.studyInstanceUid(), f.studyInstanceUid());
            assertEquals(fromPath.attributes().size(), f.attributes().size());
        }
        assertEquals("1.2.840.10008.1.2.1", fromPath.transferSyntaxUid());
        assertEquals("1.2.840.10008.5.1.4.1.1.2", fromPath.sopClassUid());
        assertEquals(fromPath.sopInstanceUid(), fromPath.mediaStorageSopInstanceUid());
        assertSame(fromPath, fromPath.requireInstanceUids());
    }

    @Test
    void keepsCompressedPixelDataAsIs() throws Exception {
        // JPEG 2000 and JPEG-LS: no codec here, yet the object reads (no decompression on read).
        for (String name : new String[] {"test_files/JPEG2000.dcm", "test_files/MR_small_jpeg_ls_lossless.dcm"}) {
            DicomFile f = DicomFile.read(PydicomCorpus.file(name));
            assertTrue(f.transferSyntaxUid().startsWith("1.2.840.10008.1.2.4."), name);
            assertTrue(f.attributes().get(TagFromName.PixelData) != null, name);
        }
    }

    @Test
    void refusesAFileCutInsideThePixelDataValue() throws Exception {
        byte[] whole = Files.readAllBytes(PydicomCorpus.file(CT_SMALL));
        for (int cut : new int[] {1, 1000, 32768 - 1}) {
            InvalidDicomException e = assertThrows(InvalidDicomException.class,
                    () -> DicomFile.read(Arrays.copyOf(whole, whole.length - cut)), "cut " + cut);
            assertTrue(e.getMessage().startsWith("truncated"), e.getMessage());
        }
    }

    @Test
    void refusesAFileCutInsideAnElementHeader() throws Exception {
        byte[] whole = Files.readAllBytes(PydicomCorpus.file(CT_SMALL));
        // Explicit VR little endian Pixel Data header: tag (7FE0,0010), "OW", 2 reserved, 4-byte length.
        int pixelDataHeader = HostileDicom.lastIndexOf(whole, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0});
        assertTrue(pixelDataHeader > 132, "Pixel Data header not found");
        for (int into = 1; into < 12; into++) {
            byte[] cut = Arrays.copyOf(whole, pixelDataHeader + into);
            assertThrows(InvalidDicomException.class, () -> DicomFile.read(cut), "cut " + into + " bytes into the header");
        }
    }

    @Test
    void refusesAFileCutBetweenTwoElementsInsideASequence() throws Exception {
        // rtplan.dcm (implicit VR little endian) ends with Referenced Patient Setup Sequence (300C,0060)
        // then (300E,0002). Cut just after that sequence's header and its first item's header.
        byte[] whole = Files.readAllBytes(PydicomCorpus.file("test_files/rtplan.dcm"));
        int sequence = HostileDicom.lastIndexOf(whole, new byte[] {0x0C, 0x30, 0x60, 0x00});
        assertTrue(sequence > 132, "sequence (300C,0060) not found");
        assertEquals((byte) 0xE0, whole[sequence + 11], "item tag (FFFE,E000) expected after the sequence header");
        byte[] cut = Arrays.copyOf(whole, sequence + 8 + 8);
        assertThrows(InvalidDicomException.class, () -> DicomFile.read(cut));
        DicomFile.read(whole); // and the whole file is fine
    }

    @Test
    void refusesAFileCutInsideTheMetaInformation() throws Exception {
        byte[] whole = Files.readAllBytes(PydicomCorpus.file(CT_SMALL));
        for (int length : new int[] {133, 140, 150, 200}) {
            assertThrows(InvalidDicomException.class, () -> DicomFile.read(Arrays.copyOf(whole, length)),
                    "cut at " + length);
        }
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> DicomFile.read(Arrays.copyOf(whole, 132)));
        assertTrue(e.getMessage().contains("meta information"), e.getMessage());
    }

    @Test
    void refusesATruncatedFileOnDiskToo() throws Exception {
        byte[] whole = Files.readAllBytes(PydicomCorpus.file(CT_SMALL));
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(cut));
        assertTrue(e.getMessage().startsWith("truncated"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotPart10() throws Exception {
        assertPart10Refused(new byte[0]);
        assertPart10Refused("hello, not DICOM at all".getBytes(StandardCharsets.US_ASCII));
        assertPart10Refused(new byte[4096]);
        // A data set without preamble and meta information is DICOM, but not a Part 10 file.
        assertPart10Refused(Files.readAllBytes(PydicomCorpus.file("test_files/no_meta.dcm")));
        assertPart10Refused(Files.readAllBytes(PydicomCorpus.file("test_files/ExplVR_LitEndNoMeta.dcm")));
    }

    @Test
    void refusesMetaInformationWithoutTransferSyntax() throws Exception {
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> DicomFile.read(PydicomCorpus.file("test_files/meta_missing_tsyntax.dcm")));
        assertTrue(e.getMessage().contains("(0002,0010)"), e.getMessage());
    }

    @Test
    void aDicomdirIsValidButNotAStorableInstance() throws Exception {
        DicomFile dir = DicomFile.read(PydicomCorpus.file("test_files/dicomdirtests/DICOMDIR"));
        assertNull(dir.sopInstanceUid());
        assertEquals("1.2.840.10008.1.3.10", dir.mediaStorageSopClassUid());
        InvalidDicomException e = assertThrows(InvalidDicomException.class, dir::requireInstanceUids);
        assertTrue(e.getMessage().contains("SOP Class UID"), e.getMessage());
    }

    @Test
    void toStringShowsUidsButNoPatientData() throws Exception {
        DicomFile f = DicomFile.read(PydicomCorpus.file("charset_files/chrFren.dcm"));
        String patientName = Attribute.getSingleStringValueOrNull(f.attributes(), TagFromName.PatientName);
        assertEquals("Buc^Jérôme", patientName);
        assertTrue(f.toString().contains(f.sopInstanceUid()));
        assertFalse(f.toString().contains("Buc"));
    }

    @Test
    void refusesAMultiValuedInstanceUid() throws Exception {
        for (AttributeTag tag : new AttributeTag[] {TagFromName.StudyInstanceUID, TagFromName.SeriesInstanceUID,
                TagFromName.SOPInstanceUID}) {
            AttributeList list = DicomFile.read(PydicomCorpus.file(CT_SMALL)).attributes();
            String uid = Attribute.getSingleStringValueOrNull(list, tag);
            Attribute twoValues = new UniqueIdentifierAttribute(tag);
            twoValues.addValue(uid);
            twoValues.addValue("2.25.222");
            list.put(twoValues);
            if (tag.equals(TagFromName.SOPInstanceUID)) {
                list.remove(TagFromName.MediaStorageSOPInstanceUID);
            }
            Path file = tmp.resolve("two-values.dcm");
            list.write(file.toFile(), TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, true, true);
            DicomFile read = DicomFile.readSkippingPixelData(file);
            assertEquals(uid, DicomFile.value(read.attributes(), tag), "PixelMed answers the first value");
            InvalidDicomException e = assertThrows(InvalidDicomException.class, read::requireInstanceUids);
            assertTrue(e.getMessage().contains("more than one value"), e.getMessage());
        }
    }

    @Test
    void refusesSequencesNestedTooDeeply() throws Exception {
        byte[] part10 = nested(3000);
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(part10));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
        Path file = tmp.resolve("nested.dcm");
        Files.write(file, part10);
        assertThrows(InvalidDicomException.class, () -> DicomFile.readSkippingPixelData(file));
        assertThrows(InvalidDicomException.class, () -> DicomFile.read(nested(DicomFile.MAX_SEQUENCE_DEPTH + 1)));
        DicomFile deepEnough = DicomFile.read(nested(DicomFile.MAX_SEQUENCE_DEPTH));
        DicomJson.toJsonString(deepEnough.attributes()); // and converts without overflowing
    }

    /** CT_small with a sequence nested {@code depth} levels deep (see test-support's HostileDicom). */
    private static byte[] nested(int depth) throws IOException {
        return HostileDicom.nestedSequences(Files.readAllBytes(PydicomCorpus.file(CT_SMALL)), depth);
    }

    @Test
    void refusesADeflatedFileCutAnywhereInItsDataSet() throws Exception {
        // The sample ends with an 8-byte gzip-style trailer after its deflate stream: without it, the
        // object is still whole; one byte less, and the stream is cut.
        byte[] whole = Arrays.copyOf(Files.readAllBytes(PydicomCorpus.file(DEFLATED)),
                (int) Files.size(PydicomCorpus.file(DEFLATED)) - 8);
        assertEquals(TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, DicomFile.read(whole).transferSyntaxUid());
        for (int cut : new int[] {1, 2, 100, whole.length / 2}) {
            byte[] cutBytes = Arrays.copyOf(whole, whole.length - cut);
            InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(cutBytes),
                    "cut " + cut);
            assertTrue(e.getMessage().startsWith("truncated"), e.getMessage());
            Path file = tmp.resolve("cut-" + cut + ".dcm");
            Files.write(file, cutBytes);
            assertThrows(InvalidDicomException.class, () -> DicomFile.readSkippingPixelData(file), "cut " + cut);
        }
    }

    @Test
    void refusesADeflatedFileWithBytesAfterItsStream() throws Exception {
        byte[] whole = Files.readAllBytes(PydicomCorpus.file(DEFLATED));
        byte[] longer = Arrays.copyOf(whole, whole.length + 16);
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(longer));
        assertTrue(e.getMessage().contains("after the end of the deflate stream"), e.getMessage());
    }

    @Test
    void countsWhatADeflatedDataSetExpandsTo() throws Exception {
        Path file = PydicomCorpus.file(DEFLATED);
        long inflated = DeflatedDataSet.inflatedLength(file, Long.MAX_VALUE);
        assertTrue(inflated > Files.size(file), "inflated " + inflated);
        long counted = DeflatedDataSet.inflatedLength(file, 1000);
        assertTrue(counted > 1000 && counted < inflated, "stops soon after the limit: " + counted);
        assertEquals(-1, DeflatedDataSet.inflatedLength(PydicomCorpus.file(CT_SMALL), Long.MAX_VALUE));
    }

    private static void assertPart10Refused(byte[] bytes) throws IOException {
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(bytes));
        assertTrue(e.getMessage().startsWith("not a DICOM Part 10 file"), e.getMessage());
        InvalidDicomException fromStream = assertThrows(InvalidDicomException.class,
                () -> DicomFile.read(new ByteArrayInputStream(bytes)));
        assertEquals(e.getMessage(), fromStream.getMessage());
    }
}

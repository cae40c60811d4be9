package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the pydicom corpus, judged against dcmtk's dcmdump as a real process: a file dcmdump
 * reads completely, with a "DICM" prefix and a Transfer Syntax UID in its meta information, is a
 * valid Part 10 file and must parse with the same UIDs; anything else must be refused.
 */
class DicomFileCorpusTest {

    private static final String TRANSFER_SYNTAX = "0002,0010";
    private static final String SOP_CLASS = "0008,0016";
    private static final String SOP_INSTANCE = "0008,0018";
    private static final String STUDY = "0020,000d";
    private static final String SERIES = "0020,000e";

    /**
     * Files dcmtk reads but PixelMed cannot read completely (it logs and drops elements): refused as
     * malformed rather than accepted with elements silently missing.
     */
    private static final Map<String, String> PIXELMED_CANNOT_READ = Map.of(
            "test_files/dicomdirtests/DICOMDIR-nooffset",
            "item delimiters inside defined-length items, and a last item declaring 24 bytes more than its"
            + " sequence holds: PixelMed drops the Directory Record Sequence (ElementLengths refuses it first)",
            "test_files/nested_priv_SQ.dcm",
            "nested private UN sequences of undefined length in implicit VR: PixelMed drops the items");

    @TestFactory
    Stream<DynamicTest> everyCorpusFileIsJudgedLikeDcmtk() throws IOException {
        Path data = PydicomCorpus.dataDir();
        return PydicomCorpus.allFiles().stream().map(file -> dynamicTest(data.relativize(file).toString(), () -> {
            Dcmdump.Dump reference = Dcmdump.dump(file);
            String cannotRead = PIXELMED_CANNOT_READ.get(data.relativize(file).toString());
            if (cannotRead != null) {
                assertTrue(isValidPart10(file, reference), "dcmtk reads it");
                InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(file), cannotRead);
                assertTrue(e.getMessage().startsWith("truncated"), e.getMessage());
            } else if (isValidPart10(file, reference)) {
                DicomFile parsed = DicomFile.read(file);
                assertEquals(reference.value(TRANSFER_SYNTAX), parsed.transferSyntaxUid(), "TransferSyntaxUID");
                assertEquals(reference.value(SOP_CLASS), parsed.sopClassUid(), "SOPClassUID");
                assertEquals(reference.value(SOP_INSTANCE), parsed.sopInstanceUid(), "SOPInstanceUID");
                assertEquals(reference.value(STUDY), parsed.studyInstanceUid(), "StudyInstanceUID");
                assertEquals(reference.value(SERIES), parsed.seriesInstanceUid(), "SeriesInstanceUID");
            } else {
                InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFile.read(file),
                        "dcmdump exit " + reference.exitCode() + ", yet the file was accepted");
                assertNotNull(e.reason());
            }
        }));
    }

    /** The corpus really covers both sides, and its known bad files are among the refused. */
    @Test
    void corpusHasManyValidFilesAndTheKnownTruncatedOnesAreRefused() throws IOException {
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Path file : PydicomCorpus.allFiles()) {
            String name = PydicomCorpus.dataDir().relativize(file).toString();
            (isValidPart10(file, Dcmdump.dump(file)) ? valid : invalid).add(name);
        }
        assertTrue(valid.size() >= 100, "valid files: " + valid.size());
        assertTrue(invalid.containsAll(Set.of("test_files/MR_truncated.dcm", "test_files/rtplan_truncated.dcm",
                "test_files/no_meta.dcm", "test_files/meta_missing_tsyntax.dcm")), "invalid: " + invalid);
        assertTrue(valid.containsAll(Set.of("charset_files/chrFren.dcm", "test_files/CT_small.dcm",
                "test_files/image_dfl.dcm", "test_files/MR_small_bigendian.dcm", "test_files/JPEG2000.dcm",
                "test_files/MR_small_jpeg_ls_lossless.dcm", "test_files/dicomdirtests/DICOMDIR")), "valid: " + valid);
    }

    @Test
    void truncatedCorpusFilesAreRefusedWithAReason() {
        for (String name : List.of("test_files/MR_truncated.dcm", "test_files/rtplan_truncated.dcm")) {
            InvalidDicomException e = assertThrows(InvalidDicomException.class,
                    () -> DicomFile.read(PydicomCorpus.file(name)), name);
            assertTrue(e.getMessage().startsWith("truncated"), name + ": " + e.getMessage());
        }
    }

    private static boolean isValidPart10(Path file, Dcmdump.Dump reference) throws IOException {
        return reference.ok() && hasDicmPrefix(file) && reference.value(TRANSFER_SYNTAX) != null;
    }

    private static boolean hasDicmPrefix(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && new String(head, 128, 4, StandardCharsets.US_ASCII).equals("DICM");
        }
    }
}

package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences nested deeper than the limit are refused with a reason, from every input kind, whether
 * PixelMed would have read them (a few hundred levels) or exhausted the stack (thousands).
 */
class SequenceNestingTest {

    @TempDir
    Path tmp;

    @Test
    void nestingUpToTheLimitIsRead() throws Exception {
        DicomFile f = DicomFile.read(part10(SequenceNesting.MAX_DEPTH));
        assertEquals("2.25.7", f.sopInstanceUid());
    }

    @Test
    void oneLevelMoreIsRefused() throws Exception {
        assertRefused(part10(SequenceNesting.MAX_DEPTH + 1));
    }

    @Test
    void threeThousandLevelsAreRefused() throws Exception {
        assertRefused(part10(3_000));
    }

    @Test
    void nestingThatExhaustsTheStackIsRefusedToo() throws Exception {
        // deep enough to overflow any default thread stack inside PixelMed's recursive reader
        assertRefused(part10(200_000));
    }

    private void assertRefused(byte[] bytes) throws Exception {
        InvalidDicomException fromBytes = assertThrows(InvalidDicomException.class, () -> DicomFile.read(bytes));
        assertEquals(SequenceNesting.TOO_DEEP, fromBytes.reason());
        Path file = Files.write(tmp.resolve("nested.dcm"), bytes);
        InvalidDicomException fromPath = assertThrows(InvalidDicomException.class,
                () -> DicomFile.readSkippingPixelData(file));
        assertEquals(SequenceNesting.TOO_DEEP, fromPath.reason());
    }

    /** A Part 10 object (explicit VR little endian) with Content Sequences nested {@code depth} deep. */
    static byte[] part10(int depth) throws Exception {
        AttributeList list = new AttributeList();
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), SOPClass.BasicTextSRStorage);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "2.25.7");
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), "2.25.8");
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), "2.25.9");
        put(list, new CodeStringAttribute(TagFromName.Modality), "SR");
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        Path head = Files.createTempFile("nested", ".dcm");
        try {
            list.write(head.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(Files.readAllBytes(head));
            out.writeBytes(nestedContentSequence(depth));
            return out.toByteArray();
        } finally {
            Files.delete(head);
        }
    }

    /**
     * Content Sequence (0040,A730) items each holding the next Content Sequence, {@code depth} deep,
     * undefined lengths with delimiters, explicit VR little endian.
     */
    static byte[] nestedContentSequence(int depth) {
        byte[] open = {0x40, 0x00, 0x30, (byte) 0xA7, 'S', 'Q', 0, 0, -1, -1, -1, -1, // SQ, undefined length
            -2, -1, 0x00, (byte) 0xE0, -1, -1, -1, -1}; // Item, undefined length
        byte[] close = {-2, -1, 0x0D, (byte) 0xE0, 0, 0, 0, 0, // Item Delimitation
            -2, -1, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0}; // Sequence Delimitation
        ByteArrayOutputStream out = new ByteArrayOutputStream(depth * (open.length + close.length));
        for (int i = 0; i < depth; i++) {
            out.writeBytes(open);
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(close);
        }
        return out.toByteArray();
    }

    private static void put(AttributeList list, com.pixelmed.dicom.Attribute a, String value) throws Exception {
        a.addValue(value);
        list.put(a);
    }
}

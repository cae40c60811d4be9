package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnknownAttribute;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declared length that cannot fit (an encapsulated fragment, an element in a sequence item, an
 * item's content) is refused before PixelMed allocates it: promptly, allocating little, with the
 * reason. Before {@link ElementLengths}, each of these files made PixelMed allocate the declared
 * length (a 268 MB fragment in a 7 KB file ran the gateway out of memory).
 */
class ElementLengthsTest {

    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    /** Referenced Study Sequence: an SQ in the dictionary, for the implicit VR cases. */
    private static final AttributeTag SEQUENCE = TagFromName.ReferencedStudySequence;
    private static final long HUGE = 0x7FFFFFF0L;
    /** Far below any of the declared lengths: the object is read, its values not allocated. */
    private static final long MAX_ALLOCATED = 32L * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aFragmentClaiming268MegabytesInASmallFileIsRefusedBeforeItIsAllocated() throws Exception {
        byte[] bytes = Files.readAllBytes(PydicomCorpus.file("test_files/rtdose_rle.dcm"));
        // Pixel Data (declared OW), undefined length; then the Basic Offset Table (an empty item),
        // then the first frame's fragment.
        int pixelData = lastIndexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, -1, -1, -1, -1});
        assertEquals(0, le32(bytes, pixelData + 12 + 4), "an empty Basic Offset Table");
        int firstFragment = pixelData + 12 + 8;
        assertEquals(0xE000FFFEL, le32(bytes, firstFragment), "an item tag");
        putLe32(bytes, firstFragment + 4, 0x10000000L);

        String reason = assertRefusedCheaply(bytes);
        assertTrue(reason.startsWith("truncated: item declares a value of 268435456 bytes"), reason);
    }

    /**
     * A sequence sent as UN of defined length stays opaque bytes for PixelMed (and DICOM JSON): a
     * huge length inside is never allocated, so it is not walked either, and the object is read.
     */
    @Test
    void aHugeLengthInsideADefinedLengthUnknownVrValueIsNeverAllocated() throws Exception {
        byte[] bytes = Files.readAllBytes(PydicomCorpus.file("test_files/rtdose_rle.dcm"));
        // Referenced RT Plan Sequence (300C,0002) as UN of defined length; its item's first element
        // is Referenced SOP Class UID (0008,1150), implicit VR, 30 bytes.
        int un = indexOf(bytes, new byte[] {0x0C, 0x30, 0x02, 0x00, 'U', 'N', 0, 0});
        int element = un + 12 + 8;
        assertEquals(0x11500008L, le32(bytes, element), "Referenced SOP Class UID");
        putLe32(bytes, element + 4, HUGE);

        long allocatedBefore = threads().getCurrentThreadAllocatedBytes();
        DicomFile file = DicomFile.read(bytes);
        DicomJson.toJsonString(file.attributes());
        long allocated = threads().getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertTrue(file.attributes().get(new AttributeTag(0x300C, 0x0002)) instanceof UnknownAttribute);
        assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated);
    }

    private static com.sun.management.ThreadMXBean threads() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    @Test
    void anElementInASequenceItemDeclaringMoreThanTheFileIsRefused() throws Exception {
        // An item of undefined length holding Encapsulated Document (0042,0011) OB of ~2 GB.
        byte[] sequence = concat(item(0xFFFFFFFFL), explicitLong(0x0042, 0x0011, "OB", HUGE), new byte[8]);
        String reason = assertRefusedCheaply(withSequence(EXPLICIT_LE, sequence));
        assertTrue(reason.startsWith("truncated: element (0042,0011) declares a value of " + HUGE), reason);
    }

    @Test
    void anImplicitVrElementInANestedItemDeclaringMoreThanTheFileIsRefused() throws Exception {
        // Two levels: the item holds a sequence (undefined length) whose item holds the huge element.
        byte[] sequence = concat(item(0xFFFFFFFFL), implicit(0x0008, 0x1115, 0xFFFFFFFFL), item(0xFFFFFFFFL),
                implicit(0x0042, 0x0011, HUGE), new byte[8]);
        String reason = assertRefusedCheaply(withSequence(IMPLICIT_LE, sequence));
        assertTrue(reason.startsWith("truncated: element (0042,0011) declares a value of " + HUGE), reason);
    }

    @Test
    void aDefinedLengthItemWhoseContentOverrunsItIsRefused() throws Exception {
        byte[] content = explicitShort(0x0008, 0x1150, "UI", "1.2.840.10008.5.1.4.1.1.2");
        byte[] whole = withSequence(EXPLICIT_LE, concat(item(content.length), content));
        assertEquals(1, ((SequenceAttribute) DicomFile.read(whole).attributes().get(SEQUENCE)).getNumberOfItems(),
                "the well-formed version is read");

        byte[] overrun = withSequence(EXPLICIT_LE, concat(item(content.length - 10), content));
        String reason = assertRefusedCheaply(overrun);
        assertTrue(reason.startsWith("truncated: element (0008,1150) declares a value of 26 bytes"), reason);
        assertTrue(reason.endsWith("remain in its item"), reason);
    }

    @Test
    void aBigEndianElementInASequenceItemDeclaringMoreThanTheFileIsRefused() throws Exception {
        byte[] sequence = concat(item(0xFFFFFFFFL, ByteOrder.BIG_ENDIAN),
                explicitLong(0x0042, 0x0011, "OB", HUGE, ByteOrder.BIG_ENDIAN), new byte[8]);
        String reason = assertRefusedCheaply(withSequence(EXPLICIT_BE, sequence));
        assertTrue(reason.startsWith("truncated: element (0042,0011) declares a value of " + HUGE), reason);
    }

    @Test
    void withoutATransferSyntaxTheObjectIsRefusedBeforePixelMedGuessesOneAndReadsOn() throws Exception {
        byte[] sequence = concat(item(0xFFFFFFFFL), explicitLong(0x0042, 0x0011, "OB", HUGE), new byte[8]);
        byte[] bytes = withSequence(EXPLICIT_LE, sequence);
        int ts = indexOf(bytes, new byte[] {0x02, 0x00, 0x10, 0x00, 'U', 'I'});
        bytes[ts + 2] = 0x11; // (0002,0010) becomes (0002,0011), an unknown meta element
        String reason = assertRefusedCheaply(bytes);
        assertEquals("file meta information has no Transfer Syntax UID (0002,0010)", reason);
    }

    @Test
    void aHugeLengthInADeflatedDataSetIsRefusedOnItsInflatedBytes() throws Exception {
        byte[] sequence = concat(item(0xFFFFFFFFL), explicitLong(0x0042, 0x0011, "OB", HUGE), new byte[8]);
        byte[] deflated = withSequence(DEFLATED, sequence);
        String reason = assertRefusedCheaply(deflated);
        assertTrue(reason.startsWith("truncated: element (0042,0011) declares a value of " + HUGE), reason);
    }

    /**
     * Refused by every read path, each allocating less than {@link #MAX_ALLOCATED} and answering
     * within seconds; the reason, the same on each.
     */
    private String assertRefusedCheaply(byte[] bytes) throws Exception {
        Path file = Files.write(tmp.resolve("hostile.dcm"), bytes);
        com.sun.management.ThreadMXBean threads = threads();
        String reason = null;
        for (Reader reader : new Reader[] {() -> DicomFile.readSkippingPixelData(file), () -> DicomFile.read(file),
                () -> DicomFile.read(bytes)}) {
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            InvalidDicomException e = assertThrows(InvalidDicomException.class, reader::read);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated + " bytes to refuse: " + e.getMessage());
            assertTrue(millis < 5_000, millis + " ms to refuse");
            if (reason != null) {
                assertEquals(reason, e.getMessage());
            }
            reason = e.getMessage();
        }
        return reason;
    }

    @FunctionalInterface
    private interface Reader {
        DicomFile read() throws Exception;
    }

    /**
     * A small instance in {@code transferSyntax} holding {@link #SEQUENCE} of defined length whose
     * value is {@code sequence}, byte for byte (no toolkit writes hostile items): written by PixelMed
     * with a placeholder OB value, which is then replaced.
     */
    private static byte[] withSequence(String transferSyntax, byte[] sequence) throws Exception {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        put(list, TagFromName.SOPInstanceUID, "1.2.826.0.1.3680043.8.498.70");
        put(list, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.8.498.71");
        put(list, TagFromName.SeriesInstanceUID, "1.2.826.0.1.3680043.8.498.72");
        byte[] placeholder = new byte[sequence.length];
        Arrays.fill(placeholder, (byte) 'Q');
        OtherByteAttribute value = new OtherByteAttribute(SEQUENCE);
        value.setValues(placeholder);
        list.put(value);
        boolean deflated = transferSyntax.equals(DEFLATED);
        String written = deflated ? EXPLICIT_LE : transferSyntax;
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "TEST");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Meta information always explicit VR little endian; the data set in the syntax written.
        list.write(out, written, true, true);
        byte[] bytes = out.toByteArray();
        int at = indexOf(bytes, placeholder);
        System.arraycopy(sequence, 0, bytes, at, sequence.length);
        if (!written.equals(IMPLICIT_LE)) {
            bytes[at - 8] = 'S';
            bytes[at - 7] = 'Q';
        }
        return deflated ? deflateDataSet(bytes) : bytes;
    }

    /** The data set after the file meta information, deflated (PS3.5 A.5: raw deflate). */
    private static byte[] deflateDataSet(byte[] part10) {
        int metaEnd = 132 + 12 + (int) le32(part10, 132 + 8); // after (0002,0000) UL and its group length
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(Arrays.copyOfRange(part10, metaEnd, part10.length));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(part10, 0, metaEnd);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws Exception {
        Attribute a = new UniqueIdentifierAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static byte[] item(long length) {
        return item(length, ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] item(long length, ByteOrder order) {
        return ByteBuffer.allocate(8).order(order)
                .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt((int) length).array();
    }

    private static byte[] implicit(int group, int element, long length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) group).putShort((short) element).putInt((int) length).array();
    }

    private static byte[] explicitLong(int group, int element, String vr, long length) {
        return explicitLong(group, element, vr, length, ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] explicitLong(int group, int element, String vr, long length, ByteOrder order) {
        return ByteBuffer.allocate(12).order(order).putShort((short) group)
                .putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) 0)
                .putInt((int) length).array();
    }

    private static byte[] explicitShort(int group, int element, String vr, String value) {
        byte[] v = (value.length() % 2 == 0 ? value : value + "\0").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + v.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) group)
                .putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) v.length)
                .put(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static long le32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    private static void putLe32(byte[] b, int at, long value) {
        ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}

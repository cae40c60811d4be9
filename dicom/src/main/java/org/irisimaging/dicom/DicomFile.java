package org.irisimaging.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;

/**
 * A DICOM Part 10 object (PS3.10: 128-byte preamble, "DICM", file meta information, data set),
 * read completely and checked: anything that is not a whole, well-formed Part 10 object is refused
 * with an {@link InvalidDicomException} saying why.
 *
 * <p>Pixel data is kept as encoded (never decompressed on read), so every transfer syntax can be
 * read whether or not a codec for it is available. The {@link #attributes() attribute list} holds
 * the file meta information (group 0002) followed by the data set.
 *
 * <p>PixelMed, when it meets a premature end or a structure it cannot parse, logs it and returns
 * what it could read; this class refuses such input instead, so an accepted object never has
 * elements silently missing. Known limits: a file cut exactly between two top-level elements looks
 * like a shorter, complete file (dcmtk cannot tell either). A deflated data set
 * (1.2.840.10008.1.2.1.99) is checked as a whole deflate stream instead ({@link DeflatedDataSet}):
 * cut anywhere, it is refused.
 */
public final class DicomFile {

    private static final int PREAMBLE_LENGTH = 128;
    private static final byte[] MAGIC = "DICM".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int HEADERS_BUFFER_SIZE = 8 * 1024;
    /**
     * Deepest sequence nesting accepted (a sequence in an item of a sequence... counts one per
     * sequence). Real objects stay far below it (SR content trees, RT structures: tens at most);
     * PixelMed's reader and the DICOM JSON writer recurse per level, and thousands of levels
     * overflow a thread's stack.
     */
    public static final int MAX_SEQUENCE_DEPTH = 64;
    /** Tag, VR, reserved bytes and 32-bit length: the longest element header (explicit VR). */
    private static final int MAX_ELEMENT_HEADER_LENGTH = 12;

    private final AttributeList attributes;
    private final String transferSyntaxUid;

    private DicomFile(AttributeList attributes, String transferSyntaxUid) {
        this.attributes = attributes;
        this.transferSyntaxUid = transferSyntaxUid;
    }

    /** Reads and checks the Part 10 file at {@code path}. */
    public static DicomFile read(Path path) throws InvalidDicomException, IOException {
        Objects.requireNonNull(path, "path");
        long length = Files.size(path);
        checkPreamble(path, length);
        // A deflated data set is checked whole before PixelMed reads it (see DeflatedDataSet).
        checkLengths(path, length, DeflatedDataSet.inflatedLength(path, Long.MAX_VALUE));
        return readWhole(path, length);
    }

    /** Every declared length checked before PixelMed allocates for it (see ElementLengths). */
    private static void checkLengths(Path path, long length, long inflatedLength)
            throws InvalidDicomException, IOException {
        // Headers only are read (values are skipped): a small buffer is enough.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), HEADERS_BUFFER_SIZE)) {
            ElementLengths.check(in, length, inflatedLength);
        }
    }

    private static DicomFile readWhole(Path path, long length) throws InvalidDicomException, IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER_SIZE)) {
            return parse(new StrictInput(in, length), false);
        }
    }

    /**
     * {@link #read(Path)} for callers that need the attributes, not the pixels (ingest): when Pixel
     * Data (7FE0,0010) is the data set's last element, it is checked for completeness (its length
     * within the file, or its fragments up to the sequence delimiter) but not read, and the list
     * holds it empty, with its VR. Any other case (elements after it, big endian, deflated, a
     * defect) is read and judged exactly as {@link #read(Path)} does.
     */
    public static DicomFile readSkippingPixelData(Path path) throws InvalidDicomException, IOException {
        return readSkippingPixelData(path, Long.MAX_VALUE);
    }

    /**
     * {@link #readSkippingPixelData(Path)}, refusing with a {@link DataSetTooLargeException} a
     * deflated data set that inflates to more than {@code maxInflatedBytes}: it is read whole into
     * memory, pixel data included, unlike the other syntaxes.
     */
    public static DicomFile readSkippingPixelData(Path path, long maxInflatedBytes)
            throws InvalidDicomException, IOException {
        Objects.requireNonNull(path, "path");
        long length = Files.size(path);
        checkPreamble(path, length);
        long inflated = DeflatedDataSet.inflatedLength(path, maxInflatedBytes);
        if (inflated > maxInflatedBytes) {
            throw new DataSetTooLargeException(maxInflatedBytes);
        }
        checkLengths(path, length, inflated);
        if (inflated >= 0) {
            return readWhole(path, length); // deflated, and whole: pixel data cannot be skipped in it
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER_SIZE)) {
            DicomFile file = parse(new StrictInput(in, length), true);
            if (file != null) {
                return file;
            }
        }
        return readWhole(path, length);
    }

    /** Reads and checks a Part 10 object held in memory. */
    public static DicomFile read(byte[] bytes) throws InvalidDicomException {
        Objects.requireNonNull(bytes, "bytes");
        checkPreamble(bytes, bytes.length);
        try {
            long inflated = DeflatedDataSet.inflatedLength(bytes, Long.MAX_VALUE);
            ElementLengths.check(new ByteArrayInputStream(bytes), bytes.length, inflated);
            return parse(new StrictInput(new ByteArrayInputStream(bytes), bytes.length), false);
        } catch (IOException e) {
            throw new InvalidDicomException("unreadable DICOM object: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a Part 10 object from a stream, to its end. The stream is read into memory
     * first (the end of the data must be known to detect truncation); it is not closed.
     */
    public static DicomFile read(InputStream in) throws InvalidDicomException, IOException {
        Objects.requireNonNull(in, "in");
        return read(in.readAllBytes());
    }

    private static void checkPreamble(Path path, long length) throws InvalidDicomException, IOException {
        byte[] head = new byte[PREAMBLE_LENGTH + MAGIC.length];
        int n = 0;
        if (length >= head.length) {
            try (InputStream in = Files.newInputStream(path)) {
                n = in.readNBytes(head, 0, head.length);
            }
        }
        checkPreamble(head, Math.min(n, length));
    }

    private static void checkPreamble(byte[] head, long length) throws InvalidDicomException {
        if (length < PREAMBLE_LENGTH + MAGIC.length
                || !Arrays.equals(head, PREAMBLE_LENGTH, PREAMBLE_LENGTH + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidDicomException(
                    "not a DICOM Part 10 file: no \"DICM\" prefix after the 128-byte preamble");
        }
    }

    /**
     * Reads {@code input} whole; or, with {@code skipPixelData}, up to a top-level Pixel Data
     * element, which {@link TrailingPixelData} then checks: {@code null} when that does not apply
     * (the caller reads the object again, whole).
     */
    private static DicomFile parse(StrictInput input, boolean skipPixelData) throws InvalidDicomException, IOException {
        StrictAttributeList list = new StrictAttributeList(input);
        list.setDecompressPixelData(false);
        boolean haveMetaHeader;
        boolean[] atPixelData = {false};
        try {
            DicomInputStream dicom = new DicomInputStream(input);
            haveMetaHeader = dicom.haveMetaHeader();
            if (skipPixelData) {
                // Called before each element with the list being read: top level only (an icon's
                // pixel data sits in a sequence item), stopping just after the tag.
                list.read(dicom, (read, tag, offset) -> atPixelData[0] =
                        read == list && tag.equals(TagFromName.PixelData));
            } else {
                list.read(dicom);
            }
        } catch (DicomException e) {
            throw new InvalidDicomException(reasonOf(e), e);
        } catch (IOException e) {
            throw new InvalidDicomException("unreadable DICOM data: " + reasonOf(e), e);
        } catch (RuntimeException e) {
            // PixelMed signals some structural errors with unchecked exceptions, whose messages may
            // quote values: name the kind only (the cause keeps the details).
            throw new InvalidDicomException("malformed DICOM data (" + e.getClass().getSimpleName() + ")", e);
        } catch (StackOverflowError e) {
            // PixelMed reads each nested sequence one call deeper: thousands of levels end here.
            throw new InvalidDicomException("malformed DICOM data: sequences nested too deeply");
        }
        requireSequenceDepth(list);

        String ts = value(list, TagFromName.TransferSyntaxUID);
        if (!haveMetaHeader) {
            throw new InvalidDicomException("no file meta information (group 0002) after the DICM prefix");
        }
        if (ts == null) {
            throw new InvalidDicomException("file meta information has no Transfer Syntax UID (0002,0010)");
        }
        if (atPixelData[0]) {
            Attribute pixelData = input.overrun() ? null : TrailingPixelData.check(input, ts,
                    Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0));
            if (pixelData == null) {
                return null;
            }
            list.put(pixelData);
            return new DicomFile(list, ts);
        }
        // PixelMed logs a premature end and returns what it could read; refuse that here. Offsets
        // are those of the raw input, so these checks cannot apply inside a deflated data set.
        if (!TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(ts)) {
            if (input.overrun()) {
                throw new InvalidDicomException("truncated: the data ends inside an element (at offset "
                        + input.overrunPosition() + " of " + input.length() + " bytes)");
            }
            long unread = input.length() - list.endOfLastElement();
            if (unread > 0 && unread < MAX_ELEMENT_HEADER_LENGTH || unread == 0 && input.readsAtEnd() > 1) {
                throw new InvalidDicomException("truncated: the data ends inside an element (after offset "
                        + list.endOfLastElement() + " of " + input.length() + " bytes)");
            }
            if (unread != 0) {
                // PixelMed met something it could not read, logged it and dropped it: refuse rather
                // than keep an object with elements silently missing.
                throw new InvalidDicomException("truncated or malformed: the data after offset "
                        + list.endOfLastElement() + " of " + input.length()
                        + " bytes could not be read as complete elements");
            }
        }
        return new DicomFile(list, ts);
    }

    /** Refuses nesting deeper than {@link #MAX_SEQUENCE_DEPTH}, walked without recursion. */
    private static void requireSequenceDepth(AttributeList list) throws InvalidDicomException {
        Deque<Map.Entry<AttributeList, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(list, 0));
        while (!pending.isEmpty()) {
            Map.Entry<AttributeList, Integer> next = pending.pop();
            for (Attribute attribute : next.getKey().values()) {
                if (attribute instanceof SequenceAttribute sequence) {
                    int depth = next.getValue() + 1;
                    if (depth > MAX_SEQUENCE_DEPTH) {
                        throw new InvalidDicomException("malformed DICOM data: sequences nested more than "
                                + MAX_SEQUENCE_DEPTH + " deep");
                    }
                    for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                        pending.push(Map.entry(sequence.getItem(i).getAttributeList(), depth));
                    }
                }
            }
        }
    }

    private static String reasonOf(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // PixelMed wraps causes as "...: com.pixelmed.dicom.DicomException: ..."; keep it readable.
        return message.replace("com.pixelmed.dicom.DicomException: ", "");
    }

    /** The single value of {@code tag} in {@code list}, trimmed; {@code null} if absent or empty. */
    static String value(AttributeList list, AttributeTag tag) {
        String v = Attribute.getSingleStringValueOrNull(list, tag);
        if (v == null) {
            return null;
        }
        int end = v.length();
        while (end > 0 && (v.charAt(end - 1) == '\0' || v.charAt(end - 1) == ' ')) {
            end--;
        }
        v = v.substring(0, end).trim();
        return v.isEmpty() ? null : v;
    }

    /**
     * The attributes: file meta information (group 0002) and data set, as PixelMed read them. The
     * list is the live one; treat it as read-only.
     */
    public AttributeList attributes() {
        return attributes;
    }

    /** Transfer Syntax UID (0002,0010) of the file meta information; never null. */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** SOP Class UID (0008,0016) of the data set, or {@code null} (e.g. a DICOMDIR has none). */
    public String sopClassUid() {
        return value(attributes, TagFromName.SOPClassUID);
    }

    /** SOP Instance UID (0008,0018) of the data set, or {@code null}. */
    public String sopInstanceUid() {
        return value(attributes, TagFromName.SOPInstanceUID);
    }

    /** Study Instance UID (0020,000D), or {@code null}. */
    public String studyInstanceUid() {
        return value(attributes, TagFromName.StudyInstanceUID);
    }

    /** Series Instance UID (0020,000E), or {@code null}. */
    public String seriesInstanceUid() {
        return value(attributes, TagFromName.SeriesInstanceUID);
    }

    /** Media Storage SOP Class UID (0002,0002) of the file meta information, or {@code null}. */
    public String mediaStorageSopClassUid() {
        return value(attributes, TagFromName.MediaStorageSOPClassUID);
    }

    /** Media Storage SOP Instance UID (0002,0003) of the file meta information, or {@code null}. */
    public String mediaStorageSopInstanceUid() {
        return value(attributes, TagFromName.MediaStorageSOPInstanceUID);
    }

    /**
     * Checks that this is a storable composite instance: SOP Class, SOP Instance, Study Instance
     * and Series Instance UIDs all present and syntactically valid, and the SOP Instance UID agreeing
     * with the file meta information when that has one.
     *
     * @return this, for chaining
     */
    public DicomFile requireInstanceUids() throws InvalidDicomException {
        requireUid("SOP Class UID (0008,0016)", TagFromName.SOPClassUID);
        requireUid("SOP Instance UID (0008,0018)", TagFromName.SOPInstanceUID);
        requireUid("Study Instance UID (0020,000D)", TagFromName.StudyInstanceUID);
        requireUid("Series Instance UID (0020,000E)", TagFromName.SeriesInstanceUID);
        String metaInstance = mediaStorageSopInstanceUid();
        if (metaInstance != null && !metaInstance.equals(sopInstanceUid())) {
            throw new InvalidDicomException(
                    "Media Storage SOP Instance UID (0002,0003) differs from SOP Instance UID (0008,0018)");
        }
        return this;
    }

    private void requireUid(String name, AttributeTag tag) throws InvalidDicomException {
        String uid = value(attributes, tag);
        if (uid == null) {
            throw new InvalidDicomException("missing " + name);
        }
        // PixelMed splits 2.25.1\2.25.2 into two values and answers the first: refuse it (VM 1).
        if (attributes.get(tag).getVM() > 1) {
            throw new InvalidDicomException("invalid " + name + ": more than one value");
        }
        if (!Uids.isValidLenient(uid)) {
            throw new InvalidDicomException("invalid " + name + ": not a DICOM UID");
        }
    }

    @Override
    public String toString() {
        // UIDs only: no patient data in logs.
        return "DicomFile[sopClass=" + sopClassUid() + ", sopInstance=" + sopInstanceUid()
                + ", transferSyntax=" + transferSyntaxUid + "]";
    }
}

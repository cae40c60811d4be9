package org.irisimaging.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Every length a Part 10 object declares, checked against the bytes that can hold it before PixelMed
 * reads the object: PixelMed allocates an element's value, a sequence item's or an encapsulated
 * fragment's, at its declared length before reading it, so a 5 KB file declaring a 268 MB fragment
 * runs a service out of memory. {@link StrictAttributeList} guards top-level values only; the items
 * PixelMed reads into lists it creates itself, and the fragments, were not guarded.
 *
 * <p>A walk over the raw bytes (the inflated bytes of a deflated data set), without recursion and
 * without keeping values: element headers are read, values skipped. Sequences (explicit SQ, the
 * dictionary's SQ in implicit VR, and any undefined length) are entered; items and fragments are
 * followed to their delimiters. A value, item or fragment declaring more than remains in its
 * enclosing item, sequence or input is refused, as is a defined-length item or sequence whose
 * content overruns it, and nesting deeper than {@link DicomFile#MAX_SEQUENCE_DEPTH}. What is merely
 * odd is left to PixelMed's reading, which judges it as before (a partial top-level header, an item
 * delimiter inside a defined-length item). A UN value of defined length is not entered: PixelMed keeps
 * it as opaque bytes. Without a Transfer Syntax UID, or in PixelMed's private bzip2 syntax, the
 * object is refused here: PixelMed would guess a syntax, or expand it, and read on.
 */
final class ElementLengths {

    private static final int PREFIX_LENGTH = 132; // preamble and "DICM"
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITER = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int TRANSFER_SYNTAX_UID = 0x00020010;
    /**
     * Explicit VR value representations with a 2-byte length (PS3.5 7.1.2); any other, unknown ones
     * included, has a 2-byte reserved field and a 4-byte length, as PixelMed reads it.
     */
    private static final Set<String> SHORT_LENGTH_VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL",
            "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US");

    private ElementLengths() {
    }

    /** What is being walked: a data set (the object's, or an item's), or the items of a sequence. */
    private enum Kind { DATA_SET, SEQUENCE, FRAGMENTS }

    /**
     * @param end      where it ends: its defined end, or for an undefined length the end of what holds it
     * @param defined  whether {@code end} is its own defined end (else a delimiter ends it)
     * @param implicit whether its elements are implicit VR (the syntax's, or an undefined-length UN's)
     */
    private record Frame(Kind kind, long end, boolean defined, boolean implicit) {
    }

    /**
     * Walks the Part 10 object in {@code in} (from its first byte, {@code length} bytes);
     * {@code inflatedLength} is what its data set inflates to when deflated (checked whole already by
     * {@link DeflatedDataSet}), else negative.
     *
     * @throws InvalidDicomException if a declared length cannot fit
     */
    static void check(InputStream in, long length, long inflatedLength) throws InvalidDicomException, IOException {
        try {
            walk(in, length, inflatedLength);
        } catch (EOFException e) {
            // The input ends inside a top-level header: DicomFile's own checks name that truncation.
        }
    }

    private static void walk(InputStream in, long length, long inflatedLength) throws InvalidDicomException, IOException {
        Cursor raw = new Cursor(in, length, false);
        raw.skip(PREFIX_LENGTH);
        // Without a transfer syntax PixelMed guesses one and reads on: refused here, before it does
        // (DicomFile's own words, which it would say after reading).
        String ts = walkMetaInformation(raw);
        if (ts == null) {
            throw new InvalidDicomException("file meta information has no Transfer Syntax UID (0002,0010)");
        }
        TransferSyntax syntax = new TransferSyntax(ts);
        if (syntax.isBzip2ed()) {
            // PixelMed's private bzip2 syntax: never stored, and its expansion cannot be walked cheaply.
            throw new InvalidDicomException("transfer syntax not supported: a bzip2-compressed data set");
        }
        if (syntax.isDeflated()) {
            if (inflatedLength < 0) {
                return;
            }
            Inflater inflater = new Inflater(true); // PS3.5 A.5: raw deflate
            try {
                Cursor inflated = new Cursor(new BufferedInputStream(new InflaterInputStream(in, inflater),
                        BUFFER_SIZE), inflatedLength, false);
                walk(inflated, false);
            } finally {
                inflater.end();
            }
        } else {
            walk(new Cursor(raw.in, length, syntax.isBigEndian(), raw.position), !syntax.isExplicitVR());
        }
    }

    /**
     * The top-level group 0002 elements (explicit VR little endian); the Transfer Syntax UID found,
     * or {@code null}.
     */
    private static String walkMetaInformation(Cursor in) throws InvalidDicomException, IOException {
        String ts = null;
        boolean any = false;
        while (in.remaining() >= 8) {
            in.in.mark(8);
            int group = in.u16();
            in.in.reset();
            in.position -= 2;
            if (group != 0x0002) {
                break;
            }
            any = true;
            Header h = Header.read(in, false);
            if (h.length == UNDEFINED_LENGTH) {
                throw new InvalidDicomException("malformed: file meta information element " + tagString(h.tag)
                        + " of undefined length");
            }
            requireFits(h, in, in.length, "the input");
            if (h.tag == TRANSFER_SYNTAX_UID && h.length <= 128) {
                ts = new String(in.bytes((int) h.length), StandardCharsets.US_ASCII).replace("\0", "").trim();
            } else {
                in.skip(h.length);
            }
        }
        if (!any) {
            throw new InvalidDicomException("no file meta information (group 0002) after the DICM prefix");
        }
        return ts;
    }

    private static void walk(Cursor in, boolean implicit) throws InvalidDicomException, IOException {
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(Kind.DATA_SET, in.length, true, implicit));
        int sequences = 0;
        while (!frames.isEmpty()) {
            Frame f = frames.peek();
            long left = f.end - in.position;
            if (f.defined && left == 0) {
                frames.pop();
                sequences -= f.kind == Kind.SEQUENCE ? 1 : 0;
                continue;
            }
            if (left < 8) {
                if (frames.size() == 1) {
                    return; // a partial top-level header: DicomFile's own checks name it
                }
                throw new InvalidDicomException("truncated: " + (f.defined ? "a defined-length item or sequence"
                        : "a sequence") + " at offset " + in.position + " overruns what holds it");
            }
            if (f.kind == Kind.DATA_SET) {
                Header h = Header.read(in, f.implicit);
                if (h.tag == ITEM_DELIMITER && !f.defined) {
                    frames.pop(); // the end of an undefined-length item
                    continue;
                }
                if (h.tag == SEQUENCE_DELIMITER && !f.defined) {
                    frames.pop(); // an item left open by its sequence's end: PixelMed copes
                    sequences -= frames.pop().kind == Kind.SEQUENCE ? 1 : 0;
                    continue;
                }
                if (h.length == UNDEFINED_LENGTH) {
                    if (h.tag != PIXEL_DATA) {
                        requireDepth(++sequences);
                    }
                    // An undefined-length UN holds implicit VR little endian data (PS3.5 6.2.2).
                    frames.push(new Frame(h.tag == PIXEL_DATA ? Kind.FRAGMENTS : Kind.SEQUENCE, f.end, false,
                            f.implicit || "UN".equals(h.vr)));
                    continue;
                }
                requireFits(h, in, f.end, f.defined && frames.size() > 1 ? "its item" : "the input");
                if (h.isSequence()) {
                    requireDepth(++sequences);
                    frames.push(new Frame(Kind.SEQUENCE, in.position + h.length, true, f.implicit));
                } else {
                    in.skip(h.length); // native pixel data too: one skip, whatever its size
                }
            } else {
                Header h = Header.read(in, true); // items and delimiters: tag and 4-byte length always
                if (h.tag == SEQUENCE_DELIMITER) {
                    sequences -= frames.pop().kind == Kind.SEQUENCE ? 1 : 0;
                } else if (h.tag != ITEM) {
                    throw new InvalidDicomException("malformed: " + tagString(h.tag) + " at offset "
                            + (in.position - 8) + " where a sequence item was expected");
                } else if (h.length == UNDEFINED_LENGTH) {
                    if (f.kind == Kind.FRAGMENTS) {
                        throw new InvalidDicomException("malformed: an encapsulated pixel data fragment of"
                                + " undefined length at offset " + (in.position - 8));
                    }
                    frames.push(new Frame(Kind.DATA_SET, f.end, false, f.implicit));
                } else {
                    requireFits(h, in, f.end, f.defined ? "its sequence" : "the input");
                    if (f.kind == Kind.FRAGMENTS) {
                        in.skip(h.length);
                    } else {
                        frames.push(new Frame(Kind.DATA_SET, in.position + h.length, true, f.implicit));
                    }
                }
            }
        }
    }

    /** The same limit as {@link DicomFile}'s check after reading, met here before PixelMed recurses. */
    private static void requireDepth(int sequences) throws InvalidDicomException {
        if (sequences > DicomFile.MAX_SEQUENCE_DEPTH) {
            throw new InvalidDicomException("malformed DICOM data: sequences nested more than "
                    + DicomFile.MAX_SEQUENCE_DEPTH + " deep");
        }
    }

    private static void requireFits(Header h, Cursor in, long end, String holder) throws InvalidDicomException {
        if (h.length > end - in.position) {
            String what = h.tag == ITEM ? "item" : "element " + tagString(h.tag);
            throw new InvalidDicomException("truncated: " + what + " declares a value of " + h.length
                    + " bytes at offset " + in.position + " but only " + (end - in.position) + " bytes remain in "
                    + holder);
        }
    }

    private static String tagString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    /** An element header: tag, VR if explicit ({@code null} if implicit), value length. */
    private record Header(int tag, String vr, long length) {

        static Header read(Cursor in, boolean implicit) throws IOException {
            int tag = in.u16() << 16 | in.u16();
            if (implicit || (tag >>> 16) == 0xFFFE) {
                return new Header(tag, null, in.u32());
            }
            in.in.mark(2);
            byte[] vr = in.bytes(2);
            String name = new String(vr, StandardCharsets.US_ASCII);
            if (name.equals("--") || vr[0] == 0 && vr[1] == 0) {
                name = "UN"; // PixelMed's reading of these two illegal VRs
            } else if (vr[0] < 'A' || vr[1] < 'A') {
                // Not a VR: an implicit VR element in an explicit VR data set, which PixelMed reads so.
                in.in.reset();
                in.position -= 2;
                return new Header(tag, null, in.u32());
            }
            if (SHORT_LENGTH_VRS.contains(name)) {
                return new Header(tag, name, in.u16());
            }
            in.skip(2);
            return new Header(tag, name, in.u32());
        }

        boolean isSequence() {
            if (vr != null) {
                return vr.equals("SQ");
            }
            if ((tag >>> 16) == 0xFFFE) {
                return false;
            }
            byte[] fromDictionary = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(
                    new AttributeTag(tag >>> 16, tag & 0xFFFF));
            return fromDictionary != null && ValueRepresentation.isSequenceVR(fromDictionary);
        }
    }

    /** The input, with its position; every read and skip checked against its known length. */
    private static final class Cursor {

        final InputStream in;
        final long length;
        final boolean bigEndian;
        long position;

        Cursor(InputStream in, long length, boolean bigEndian) {
            this(in, length, bigEndian, 0);
        }

        Cursor(InputStream in, long length, boolean bigEndian, long position) {
            this.in = in;
            this.length = length;
            this.bigEndian = bigEndian;
            this.position = position;
        }

        long remaining() {
            return length - position;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException();
            }
            position += n;
            return b;
        }

        int u16() throws IOException {
            int b0 = in.read();
            int b1 = in.read();
            if ((b0 | b1) < 0) {
                throw new EOFException();
            }
            position += 2;
            return bigEndian ? b0 << 8 | b1 : b0 | b1 << 8;
        }

        long u32() throws IOException {
            long first = u16();
            long second = u16();
            return bigEndian ? first << 16 | second : second << 16 | first;
        }

        void skip(long n) throws IOException {
            in.skipNBytes(n);
            position += n;
        }
    }
}

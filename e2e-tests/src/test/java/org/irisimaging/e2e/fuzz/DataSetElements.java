package org.irisimaging.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where each element of an encoded data set sits (PS3.5 section 7): tag, VR, length field and value,
 * at any depth. The mutator needs byte positions, which a DICOM toolkit hides; this walker is
 * independent of the platform's parser on purpose (a fuzz suite must not share the code it tests).
 * It throws on anything malformed, so that only clean seeds are mutated.
 */
final class DataSetElements {

    /** The encodings of a data set: PS3.5 section 10.1 (deflated data sets are walked once inflated). */
    enum Syntax {
        IMPLICIT_LITTLE, EXPLICIT_LITTLE, EXPLICIT_BIG;

        boolean explicit() {
            return this != IMPLICIT_LITTLE;
        }

        boolean bigEndian() {
            return this == EXPLICIT_BIG;
        }
    }

    static final long UNDEFINED = 0xFFFFFFFFL;
    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITER = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;
    static final int PIXEL_DATA = 0x7FE00010;
    /** VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 table 7.1-1). */
    static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");

    /**
     * One element.
     *
     * @param tag          group << 16 | element
     * @param vr           the explicit VR, or {@code null} in implicit VR (and for items and delimiters)
     * @param offset       first byte of the tag
     * @param lengthOffset first byte of the length field
     * @param lengthSize   2 or 4
     * @param valueOffset  first byte of the value
     * @param length       the length field as read ({@link #UNDEFINED} for undefined length)
     * @param depth        0 at the top level, one more inside each item
     * @param syntax       the encoding this element was read in
     */
    record Element(int tag, String vr, int offset, int lengthOffset, int lengthSize, int valueOffset, long length,
                   int depth, Syntax syntax) {

        boolean undefinedLength() {
            return length == UNDEFINED;
        }

        /** The first byte after the element (its value, when of defined length). */
        int end() {
            return valueOffset + (int) (undefinedLength() ? 0 : length);
        }
    }

    private final byte[] data;
    private final List<Element> elements = new ArrayList<>();

    private DataSetElements(byte[] data) {
        this.data = data;
    }

    /** Every element of {@code data} in the order encoded, items and delimiters included. */
    static List<Element> walk(byte[] data, Syntax syntax) {
        DataSetElements walker = new DataSetElements(data);
        int end = walker.elements(0, data.length, syntax, 0, false);
        if (end != data.length) {
            throw new IllegalArgumentException("data set ends at " + end + " of " + data.length);
        }
        return walker.elements;
    }

    /** The top-level element with {@code tag}, or {@code null}. */
    static Element find(List<Element> elements, int tag) {
        for (Element e : elements) {
            if (e.depth() == 0 && e.tag() == tag) {
                return e;
            }
        }
        return null;
    }

    /**
     * Reads elements from {@code at} until {@code limit}, or until an item / sequence delimiter when
     * {@code delimited}; returns where it stopped (after the delimiter).
     */
    private int elements(int at, int limit, Syntax syntax, int depth, boolean delimited) {
        while (at < limit) {
            Element e = header(at, syntax, depth);
            elements.add(e);
            if (e.tag() == ITEM_DELIMITER || e.tag() == SEQUENCE_DELIMITER) {
                if (!delimited) {
                    throw new IllegalArgumentException("delimiter outside an undefined length");
                }
                return e.valueOffset();
            }
            at = value(e, limit, depth);
        }
        if (delimited) {
            throw new IllegalArgumentException("no delimiter before " + limit);
        }
        return at;
    }

    /** Skips or descends into the value of {@code e}; returns the first byte after it. */
    private int value(Element e, int limit, int depth) {
        boolean sequence = "SQ".equals(e.vr()) || e.syntax() == Syntax.IMPLICIT_LITTLE && e.undefinedLength()
                && e.tag() != PIXEL_DATA;
        if (!e.undefinedLength()) {
            if (e.end() > limit || e.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("value of " + tag(e.tag()) + " beyond its end");
            }
            if (sequence) {
                items(e.valueOffset(), e.end(), e.syntax(), depth, false);
            }
            return e.end();
        }
        if (e.tag() == PIXEL_DATA && !sequence) {
            return fragments(e.valueOffset(), limit, e.syntax(), depth);
        }
        if (sequence) {
            return items(e.valueOffset(), limit, e.syntax(), depth, true);
        }
        if ("UN".equals(e.vr())) { // PS3.5 6.2.2: an undefined length UN holds implicit VR items
            return items(e.valueOffset(), limit, Syntax.IMPLICIT_LITTLE, depth, true);
        }
        throw new IllegalArgumentException("undefined length on " + e.vr());
    }

    private int items(int at, int limit, Syntax syntax, int depth, boolean delimited) {
        while (at < limit) {
            Element item = header(at, syntax, depth + 1);
            elements.add(item);
            if (item.tag() == SEQUENCE_DELIMITER && delimited) {
                return item.valueOffset();
            }
            if (item.tag() != ITEM) {
                throw new IllegalArgumentException("not an item: " + tag(item.tag()));
            }
            if (item.undefinedLength()) {
                at = elements(item.valueOffset(), limit, syntax, depth + 1, true);
            } else {
                if (item.end() > limit) {
                    throw new IllegalArgumentException("item beyond its sequence");
                }
                elements(item.valueOffset(), item.end(), syntax, depth + 1, false);
                at = item.end();
            }
        }
        if (delimited) {
            throw new IllegalArgumentException("sequence without delimiter");
        }
        return at;
    }

    private int fragments(int at, int limit, Syntax syntax, int depth) {
        while (at < limit) {
            Element item = header(at, syntax, depth + 1);
            elements.add(item);
            if (item.tag() == SEQUENCE_DELIMITER) {
                return item.valueOffset();
            }
            if (item.tag() != ITEM || item.undefinedLength() || item.end() > limit) {
                throw new IllegalArgumentException("bad fragment");
            }
            at = item.end();
        }
        throw new IllegalArgumentException("fragments without delimiter");
    }

    private Element header(int at, Syntax syntax, int depth) {
        require(at, 8);
        int tag = u16(at, syntax) << 16 | u16(at + 2, syntax);
        if ((tag >>> 16) == 0xFFFE || !syntax.explicit()) {
            return new Element(tag, null, at, at + 4, 4, at + 8, u32(at + 4, syntax), depth, syntax);
        }
        String vr = new String(data, at + 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
        if (!vr.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("bad VR at " + at);
        }
        if (LONG_VRS.contains(vr)) {
            require(at, 12);
            return new Element(tag, vr, at, at + 8, 4, at + 12, u32(at + 8, syntax), depth, syntax);
        }
        return new Element(tag, vr, at, at + 6, 2, at + 8, u16(at + 6, syntax), depth, syntax);
    }

    private void require(int at, int n) {
        if (at + n > data.length) {
            throw new IllegalArgumentException("truncated at " + at);
        }
    }

    private int u16(int at, Syntax syntax) {
        int a = data[at] & 0xff;
        int b = data[at + 1] & 0xff;
        return syntax.bigEndian() ? a << 8 | b : b << 8 | a;
    }

    private long u32(int at, Syntax syntax) {
        long lo = u16(at, syntax);
        long hi = u16(at + 2, syntax);
        return syntax.bigEndian() ? lo << 16 | hi : hi << 16 | lo;
    }

    static String tag(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}

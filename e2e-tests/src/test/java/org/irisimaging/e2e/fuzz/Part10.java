package org.irisimaging.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A DICOM file (PS3.10): its File Meta Information (group 0002, explicit VR little endian) and its
 * data set, kept inflated when the transfer syntax is Deflated Explicit VR Little Endian.
 *
 * @param meta           the group 0002 elements but the group length, in order
 * @param transferSyntax (0002,0010)
 * @param dataSet        the data set as encoded in {@code transferSyntax}, inflated if deflated
 */
record Part10(List<MetaElement> meta, String transferSyntax, byte[] dataSet) {

    static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BIG = "1.2.840.10008.1.2.2";
    static final int TRANSFER_SYNTAX_UID = 0x00020010;
    static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;

    /** One File Meta Information element. */
    record MetaElement(int tag, String vr, byte[] value) {
    }

    /** Reads a file with its 128-byte preamble and DICM prefix; throws if it has none or its meta is broken. */
    static Part10 read(byte[] file) {
        List<MetaElement> meta = new ArrayList<>();
        int at = readMeta(file, meta);
        String syntax = null;
        for (MetaElement m : meta) {
            if (m.tag() == TRANSFER_SYNTAX_UID) {
                syntax = text(m.value());
            }
        }
        if (syntax == null) {
            throw new IllegalArgumentException("no transfer syntax");
        }
        byte[] dataSet = Arrays.copyOfRange(file, at, file.length);
        return new Part10(List.copyOf(meta), syntax, DEFLATED.equals(syntax) ? inflate(dataSet) : dataSet);
    }

    /** Where the data set of {@code file} begins (after its meta information). */
    static int dataSetOffset(byte[] file) {
        return readMeta(file, new ArrayList<>());
    }

    private static int readMeta(byte[] file, List<MetaElement> meta) {
        if (file.length < 132 || !"DICM".equals(new String(file, 128, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("no DICM prefix");
        }
        int at = 132;
        while (at + 8 <= file.length && (file[at] & 0xff | (file[at + 1] & 0xff) << 8) == 0x0002) {
            List<DataSetElements.Element> one = DataSetElements.walk(Arrays.copyOfRange(file, at, Math.min(file.length,
                    at + elementSize(file, at))), DataSetElements.Syntax.EXPLICIT_LITTLE);
            DataSetElements.Element e = one.getFirst();
            if ((e.tag() & 0xFFFF) != 0) {
                meta.add(new MetaElement(e.tag(), e.vr(), Arrays.copyOfRange(file, at + e.valueOffset(), at + e.end())));
            }
            at += e.end();
        }
        return at;
    }

    private static int elementSize(byte[] file, int at) {
        String vr = new String(file, at + 4, 2, StandardCharsets.US_ASCII);
        if (DataSetElements.LONG_VRS.contains(vr)) {
            return 12 + (int) ((file[at + 8] & 0xff) | (file[at + 9] & 0xff) << 8 | (file[at + 10] & 0xff) << 16
                    | (long) (file[at + 11] & 0xff) << 24);
        }
        return 8 + ((file[at + 6] & 0xff) | (file[at + 7] & 0xff) << 8);
    }

    DataSetElements.Syntax syntax() {
        return switch (transferSyntax) {
            case IMPLICIT_LITTLE -> DataSetElements.Syntax.IMPLICIT_LITTLE;
            case EXPLICIT_BIG -> DataSetElements.Syntax.EXPLICIT_BIG;
            default -> DataSetElements.Syntax.EXPLICIT_LITTLE; // explicit LE, deflated (inflated) and encapsulated
        };
    }

    boolean deflated() {
        return DEFLATED.equals(transferSyntax);
    }

    /** The same file with {@code dataSet} instead. */
    Part10 withDataSet(byte[] replaced) {
        return new Part10(meta, transferSyntax, replaced);
    }

    /** The same file with one meta element replaced, added (if absent) or, when {@code value} is null, removed. */
    Part10 withMeta(int tag, String vr, byte[] value) {
        List<MetaElement> changed = new ArrayList<>();
        boolean done = false;
        for (MetaElement m : meta) {
            if (m.tag() == tag) {
                if (value != null) {
                    changed.add(new MetaElement(tag, vr, value));
                }
                done = true;
            } else {
                changed.add(m);
            }
        }
        if (!done && value != null) {
            changed.add(new MetaElement(tag, vr, value));
            changed.sort((a, b) -> Integer.compareUnsigned(a.tag(), b.tag()));
        }
        String syntax = tag == TRANSFER_SYNTAX_UID && value != null ? text(value) : transferSyntax;
        return new Part10(List.copyOf(changed), syntax, dataSet);
    }

    /** Preamble, DICM and the File Meta Information with its group length. */
    byte[] header() {
        ElementWriter elements = new ElementWriter(true);
        for (MetaElement m : meta) {
            elements.element(m.tag(), m.vr(), m.value());
        }
        byte[] body = elements.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new ElementWriter(true).element(0x00020000, "UL", le32(body.length)).toByteArray());
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The data set as it travels: deflated when the transfer syntax says so. */
    byte[] wireDataSet() {
        return deflated() ? deflate(dataSet) : dataSet;
    }

    /** The whole file, as a STOW-RS part. */
    byte[] file() {
        return concat(header(), wireDataSet());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static String text(byte[] value) {
        return new String(value, StandardCharsets.ISO_8859_1).replaceAll("[\\x00 ]+$", "");
    }

    /** Raw deflate (RFC 1951, no zlib header), as PS3.5 A.5 requires. */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Inflates at most this much: a deflate bomb stops here rather than filling the test's memory. */
    static final int MAX_INFLATED = 256 << 20;

    static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated deflate stream");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new IllegalArgumentException("inflates beyond " + MAX_INFLATED + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("bad deflate stream", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }
}

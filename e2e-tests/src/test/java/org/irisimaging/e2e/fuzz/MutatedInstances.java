package org.irisimaging.e2e.fuzz;

import org.irisimaging.e2e.fuzz.DataSetElements.Element;
import org.irisimaging.e2e.fuzz.DataSetElements.Syntax;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * The fuzz suite's deterministic mutator: from clean seed files (the pydicom corpus and a synthetic
 * Secondary Capture written here), every instance of the suite, the same ones on every run (fixed
 * seed: a failure reproduces by its number). Each instance gets its own Study, Series and SOP
 * Instance UIDs and Patient ID, different for each channel, so that nothing sent one way collides
 * with anything sent the other way or by another test.
 *
 * <p>The mutation classes, and what the platform must answer (docs/security-tests.md, "Fuzz suite"):
 * every instance is either stored whole or refused with a clear status (STOW-RS 4xx with a Failure
 * Reason, DIMSE failure status); where the input cannot be a valid instance the answer must be a
 * refusal ({@code mustRefuse}).
 */
public final class MutatedInstances {

    /** The seed of every random choice: change it and every instance changes. */
    public static final long SEED = 13;

    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    static final int SOP_CLASS_UID = 0x00080016;
    static final int SOP_INSTANCE_UID = 0x00080018;
    static final int STUDY_INSTANCE_UID = 0x0020000D;
    static final int SERIES_INSTANCE_UID = 0x0020000E;
    static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    static final int STUDY_DESCRIPTION = 0x00081030;
    static final int PATIENT_NAME = 0x00100010;
    static final int PATIENT_ID = 0x00100020;
    static final int ACCESSION_NUMBER = 0x00080050;
    static final int REFERRING_PHYSICIAN_NAME = 0x00080090;
    static final int CONTENT_SEQUENCE = 0x0040A730;
    /** Larger than the gateway's largest instance (2 GiB by default, iris.stow.max-instance-bytes). */
    static final long BOMB_BEYOND_LIMIT = 3L << 30;
    static final long BOMB_WITHIN_LIMIT = 64L << 20;

    /** A clean seed: where it comes from, its file and its SOP Class UID. */
    private record Seed(String name, Part10 part10, String sopClass) {
    }

    /** Every choice of what to mutate and where: the same for both channels. */
    private final Random random;
    /** The UIDs: different for each channel, of one fixed length (so that offsets stay the same). */
    private final Random uids;
    private final int channel;
    private int patients;
    private final List<Seed> seeds;
    private final List<MutatedInstance> instances = new ArrayList<>();

    private MutatedInstances(List<Seed> seeds, int channel) {
        this.seeds = seeds;
        this.channel = channel;
        this.random = new Random(SEED);
        this.uids = new Random(SEED * 31 + channel);
    }

    /**
     * The suite for one channel (1 STOW-RS, 2 C-STORE): the same mutations at the same offsets for
     * both, with UIDs of their own. The seeds' clean copies come first (class {@code clean}): send
     * them before the rest, which refers to some of them (duplicate SOP Instance UIDs).
     */
    public static List<MutatedInstance> generate(List<Path> corpus, int channel) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (Path file : corpus) {
            Seed seed = seed(file.getFileName().toString(), Files.readAllBytes(file));
            if (seed != null) {
                seeds.add(seed);
            }
        }
        seeds.add(seed("synthetic-explicit", synthetic(true).file()));
        seeds.add(seed("synthetic-implicit", synthetic(false).file()));
        seeds.add(seed("synthetic-deflated", syntheticDeflated().file()));
        return new MutatedInstances(seeds, channel).all();
    }

    /** How many clean seeds the corpus gave (for the report). */
    public static int seedCount(List<MutatedInstance> instances) {
        return (int) instances.stream().filter(i -> i.mutation().equals("clean")).count();
    }

    private List<MutatedInstance> all() {
        List<Part10> clean = new ArrayList<>();
        for (Seed seed : seeds) {
            Part10 copy = fresh(seed);
            clean.add(copy);
            add("clean", "as in the corpus, new UIDs", seed, copy, false, false);
        }
        for (int s = 0; s < seeds.size(); s++) {
            Seed seed = seeds.get(s);
            truncations(seed);
            bitFlips(seed);
            lengths(seed);
            if (seed.part10().syntax().explicit()) {
                vrs(seed);
            }
            uids(seed, clean.get((s + 1) % clean.size()));
            strings(seed);
            meta(seed);
        }
        nesting();
        deflate();
        return List.copyOf(instances);
    }

    // ------------------------------------------------------------------ mutation classes

    /** Cut short: in the middle of elements (must refuse) and at element boundaries. */
    private void truncations(Seed seed) {
        for (int i = 0; i < 4; i++) {
            Part10 p = fresh(seed);
            byte[] wire = p.wireDataSet();
            List<Element> top = DataSetElements.walk(p.dataSet(), p.syntax()).stream()
                    .filter(e -> e.depth() == 0).toList();
            Set<Integer> boundaries = new LinkedHashSet<>();
            top.forEach(e -> boundaries.add(e.offset()));
            int cut;
            if (i < 2 && !p.deflated() && top.size() > 2) {
                cut = top.get(1 + random.nextInt(top.size() - 1)).offset() + (i == 0 ? 0 : 3); // at / inside a header
            } else {
                cut = 1 + random.nextInt(Math.max(1, wire.length - 1));
            }
            boolean complete = !p.deflated() && boundaries.contains(cut);
            add("truncation", "data set cut at " + cut + " of " + wire.length, seed, p.header(),
                    Arrays.copyOf(wire, cut), !complete, !complete);
        }
    }

    /** One to eight bits flipped anywhere in the data set as sent (deflated streams included). */
    private void bitFlips(Seed seed) {
        for (int i = 0; i < 3; i++) {
            Part10 p = fresh(seed);
            byte[] wire = p.wireDataSet().clone();
            int flips = 1 + random.nextInt(i < 1 ? 1 : 8);
            StringBuilder where = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(wire.length);
                int bit = random.nextInt(8);
                wire[at] ^= (byte) (1 << bit);
                where.append(f == 0 ? "" : ", ").append(at).append('.').append(bit);
            }
            add("bit-flip", "bits flipped at " + where, seed, p.header(), wire, false, false);
        }
    }

    /** An element's length field: odd, huge (past the end: must refuse), undefined where not allowed, zero. */
    private void lengths(Seed seed) {
        String[] kinds = {"odd", "huge", "undefined", "zero"};
        int first = random.nextInt(kinds.length);
        for (String kind : List.of(kinds[first], kinds[(first + 1 + random.nextInt(kinds.length - 1)) % kinds.length])) {
            Part10 p = fresh(seed);
            List<Element> elements = DataSetElements.walk(p.dataSet(), p.syntax());
            List<Element> candidates = elements.stream().filter(e -> e.depth() == 0 && !e.undefinedLength()
                    && e.length() > 0).toList();
            Element e = candidates.get(random.nextInt(candidates.size()));
            byte[] data = p.dataSet().clone();
            long max = e.lengthSize() == 2 ? 0xFFFFL : 0xFFFFFFFFL;
            long length = switch (kind) {
                case "odd" -> e.length() + 1;
                case "huge" -> e.lengthSize() == 2 ? 0xFFFE : 0x7FFFFFFEL;
                case "undefined" -> max;
                default -> 0;
            };
            boolean beyondEnd = e.valueOffset() + length > data.length;
            writeLength(data, e, length);
            add("element-length", kind + " length " + Long.toHexString(length) + " on " + DataSetElements.tag(e.tag()),
                    seed, p.withDataSet(data), "huge".equals(kind) && beyondEnd, "huge".equals(kind) && beyondEnd);
        }
    }

    /** An element's VR: another VR (changes the length field's size), an unknown one, lower case, NUL. */
    private void vrs(Seed seed) {
        String[] replacements = {"SQ", "OB", "UN", "ZZ", "ui", "\0\0"};
        for (int i = 0; i < 2; i++) {
            Part10 p = fresh(seed);
            List<Element> candidates = DataSetElements.walk(p.dataSet(), p.syntax()).stream()
                    .filter(e -> e.vr() != null).toList();
            Element e = candidates.get(random.nextInt(candidates.size()));
            String vr = replacements[random.nextInt(replacements.length)];
            byte[] data = p.dataSet().clone();
            byte[] bytes = vr.getBytes(StandardCharsets.ISO_8859_1);
            data[e.offset() + 4] = bytes[0];
            data[e.offset() + 5] = bytes[1];
            add("vr", "VR of " + DataSetElements.tag(e.tag()) + " (depth " + e.depth() + ") " + e.vr() + " -> "
                    + vr.replace("\0", "\\0"), seed, p.withDataSet(data), false, false);
        }
    }

    /** Study, Series and SOP Instance UIDs that are not one UID, plus a SOP Instance UID already in another study. */
    private void uids(Seed seed, Part10 stored) {
        if (!seed.name().startsWith("synthetic") && random.nextInt(6) != 0) {
            return; // a sixth of the corpus is enough: these depend little on the file
        }
        int[] tags = {STUDY_INSTANCE_UID, SERIES_INSTANCE_UID, SOP_INSTANCE_UID};
        String[] names = {"Study", "Series", "SOP Instance"};
        String[] bad = {"multi-valued", "longer than 64", "with letters", "empty", "leading zero", "missing",
                "with a trailing space"};
        for (int t = 0; t < tags.length; t++) {
            for (String b : bad) {
                Part10 p = fresh(seed);
                String uid = uidOf(p, tags[t]);
                String value = switch (b) {
                    case "multi-valued" -> uid + "\\" + newUid();
                    case "longer than 64" -> "2.25." + "1".repeat(70);
                    case "with letters" -> "2.25.12ab";
                    case "empty" -> "";
                    case "leading zero" -> "2.25.0123";
                    case "missing" -> null;
                    default -> uid + " ";
                };
                boolean mustRefuse = !b.equals("with a trailing space");
                add("uid", names[t] + " UID " + b, seed, withString(p, tags[t], "UI", value), mustRefuse,
                        mustRefuse);
            }
        }
        add("uid", "SOP Class UID not a storage class (Verification)", seed,
                withString(fresh(seed), SOP_CLASS_UID, "UI", "1.2.840.10008.1.1"), true, true);
        Part10 duplicate = withString(fresh(seed), SOP_INSTANCE_UID, "UI", uidOf(stored, SOP_INSTANCE_UID));
        intended = new Intended(intended.sopClass(), uidOf(stored, SOP_INSTANCE_UID), intended.transferSyntax());
        add("uid", "SOP Instance UID of an instance stored in another study", seed, duplicate, true, true);
        Part10 mismatch = fresh(seed).withMeta(Part10.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", uidValue(newUid()));
        add("uid", "Media Storage SOP Instance UID differs from the SOP Instance UID", seed, mismatch, true, false);
    }

    /** NUL and other control characters in the strings the index keeps, and an invalid UTF-8 value. */
    private void strings(Seed seed) {
        if (!seed.name().startsWith("synthetic") && random.nextInt(6) != 0) {
            return;
        }
        int[] tags = {PATIENT_NAME, PATIENT_ID, ACCESSION_NUMBER, STUDY_DESCRIPTION, REFERRING_PHYSICIAN_NAME};
        String[] vrs = {"PN", "LO", "SH", "LO", "PN"};
        for (int t = 0; t < tags.length; t++) {
            Part10 p = fresh(seed);
            add("string", "NUL inside " + DataSetElements.tag(tags[t]), seed,
                    withString(p, tags[t], vrs[t], "FUZZ\0NUL"), false, false);
        }
        add("string", "control characters in Patient Name", seed,
                withString(fresh(seed), PATIENT_NAME, "PN", "FUZZ\u0001\u001b[2J^\r\n"), false, false);
        Part10 utf8 = withString(fresh(seed), SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 192");
        add("string", "invalid UTF-8 in Patient Name (ISO_IR 192)", seed,
                withBytes(utf8, PATIENT_NAME, "PN", new byte[] {'F', (byte) 0xC3, (byte) 0x28, (byte) 0xFF}), false, false);
        add("string", "Patient ID of 60,000 characters", seed,
                withString(fresh(seed), PATIENT_ID, "LO", "9".repeat(60_000)), false, false);
    }

    /** The File Meta Information: what only STOW-RS sends (a C-STORE carries the data set alone). */
    private void meta(Seed seed) {
        if (!seed.name().startsWith("synthetic") && random.nextInt(6) != 0) {
            return;
        }
        Part10 p = fresh(seed);
        byte[] noPrefix = p.file();
        noPrefix[128] = 'X';
        add("meta", "no DICM prefix", seed, p, noPrefix, true, false);
        p = fresh(seed);
        add("meta", "transfer syntax unknown", seed,
                p.withMeta(Part10.TRANSFER_SYNTAX_UID, "UI", uidValue("1.2.3.4.5.6")), true, false);
        p = fresh(seed);
        add("meta", "transfer syntax missing", seed, p.withMeta(Part10.TRANSFER_SYNTAX_UID, "UI", null), true, false);
        p = fresh(seed);
        String other = p.syntax() == Syntax.IMPLICIT_LITTLE ? Part10.EXPLICIT_LITTLE : Part10.IMPLICIT_LITTLE;
        Part10 lying = new Part10(p.withMeta(Part10.TRANSFER_SYNTAX_UID, "UI", uidValue(other)).meta(), other,
                p.wireDataSet());
        add("meta", "transfer syntax says " + other + ", data set is " + p.transferSyntax(), seed, lying, false,
                false);
        p = fresh(seed);
        byte[] groupLength = p.file();
        groupLength[140] ^= 0x40; // (0002,0000)'s value: 128 + 4 + 8 bytes of its header
        add("meta", "wrong File Meta Information Group Length", seed, p, groupLength, false, false);
        p = fresh(seed);
        add("meta", "Media Storage SOP Class UID not a storage class", seed,
                p.withMeta(Part10.MEDIA_STORAGE_SOP_CLASS_UID, "UI", uidValue("1.2.840.10008.1.1")), false, false);
    }

    /** Sequences nested deep, with defined and undefined lengths, in each little endian syntax, one unterminated. */
    private void nesting() {
        int[] depths = {3_000, 3_000, 30_000, 200};
        for (boolean explicit : new boolean[] {true, false}) {
            String vr = explicit ? "explicit" : "implicit";
            for (int d = 0; d < depths.length; d++) {
                boolean undefined = d != 1;
                Part10 p = withBeforePixelData(fresh("synthetic-" + vr, synthetic(explicit)),
                        nested(explicit, depths[d], undefined, true));
                add("nesting", depths[d] + " levels, " + (undefined ? "undefined" : "defined") + " lengths, " + vr
                        + " VR", "synthetic-" + vr, p, false, false);
            }
            Part10 open = withBeforePixelData(fresh("synthetic-" + vr, synthetic(explicit)),
                    nested(explicit, 3_000, true, false));
            add("nesting", "3000 levels never closed, " + vr + " VR", "synthetic-" + vr, open, true, true);
        }
        Part10 deflated = withBeforePixelData(fresh("synthetic-deflated", syntheticDeflated()),
                nested(true, 3_000, true, true));
        add("nesting", "3000 levels, undefined lengths, deflated", "synthetic-deflated", deflated, false, false);
    }

    /** Deflate bombs (small on the wire, huge inflated) and broken deflate streams. */
    private void deflate() {
        for (int tag : new int[] {0x00091010, DataSetElements.PIXEL_DATA}) {
            for (long size : new long[] {BOMB_WITHIN_LIMIT, BOMB_BEYOND_LIMIT}) {
                Bomb bomb = bomb(tag, size);
                add("deflate", String.format("bomb: %,d bytes inflating to %,d in %s", bomb.wire().length, size,
                        DataSetElements.tag(tag)), "synthetic-deflated", bomb.header(), bomb.wire(),
                        size > BOMB_WITHIN_LIMIT, size > BOMB_WITHIN_LIMIT);
            }
        }
        Bomb bomb = bomb(0x00091010, BOMB_BEYOND_LIMIT);
        add("deflate", "bomb cut short after " + bomb.wire().length / 2 + " bytes", "synthetic-deflated",
                bomb.header(), Arrays.copyOf(bomb.wire(), bomb.wire().length / 2), true, true);
        Part10 small = fresh("synthetic-deflated", syntheticDeflated());
        add("deflate", "zlib header and checksum around the raw stream", "synthetic-deflated", small.header(),
                zlib(small.dataSet()), false, false);
        small = fresh("synthetic-deflated", syntheticDeflated());
        add("deflate", "not deflated at all", "synthetic-deflated", small.header(), small.dataSet(), false, false);
        small = fresh("synthetic-deflated", syntheticDeflated());
        add("deflate", "1 MB of zeros after the end of the stream", "synthetic-deflated", small.header(),
                Part10.concat(small.wireDataSet(), new byte[1 << 20]), false, false);
        byte[] stream;
        for (int third = 0; third < 3; third++) {
            small = fresh("synthetic-deflated", syntheticDeflated());
            stream = small.wireDataSet();
            int cut = third == 0 ? 1 : third == 1 ? stream.length / 3 : stream.length - 1;
            add("deflate", "stream cut at " + cut + " of " + stream.length, "synthetic-deflated", small.header(),
                    Arrays.copyOf(stream, cut), true, true);
        }
    }

    // ------------------------------------------------------------------ building blocks

    private void add(String mutation, String detail, Seed seed, Part10 p, boolean stowMustRefuse,
                     boolean cStoreMustRefuse) {
        add(mutation, detail, seed.name(), p, stowMustRefuse, cStoreMustRefuse);
    }

    private void add(String mutation, String detail, String seed, Part10 p, boolean stowMustRefuse,
                     boolean cStoreMustRefuse) {
        add(mutation, detail, seed, p.header(), p.wireDataSet(), stowMustRefuse, cStoreMustRefuse);
    }

    /** A file whose meta information or prefix itself was damaged: {@code file} as is, data set from {@code p}. */
    private void add(String mutation, String detail, Seed seed, Part10 p, byte[] file, boolean stowMustRefuse,
                     boolean cStoreMustRefuse) {
        instances.add(instance(mutation, detail, seed.name(), file, p.wireDataSet(), stowMustRefuse,
                cStoreMustRefuse));
    }

    private void add(String mutation, String detail, Seed seed, byte[] header, byte[] wire, boolean stowMustRefuse,
                     boolean cStoreMustRefuse) {
        add(mutation, detail, seed.name(), header, wire, stowMustRefuse, cStoreMustRefuse);
    }

    private void add(String mutation, String detail, String seed, byte[] header, byte[] wire, boolean stowMustRefuse,
                     boolean cStoreMustRefuse) {
        instances.add(instance(mutation, detail, seed, Part10.concat(header, wire), wire, stowMustRefuse,
                cStoreMustRefuse));
    }

    private MutatedInstance instance(String mutation, String detail, String seed, byte[] file, byte[] dataSet,
                                     boolean stowMustRefuse, boolean cStoreMustRefuse) {
        return new MutatedInstance(instances.size() + 1, mutation, detail, seed, intended.sopClass(),
                intended.sopInstance(), intended.transferSyntax(), file, dataSet, stowMustRefuse, cStoreMustRefuse);
    }

    /** What the last {@link #fresh} copy announces over DIMSE, whatever the mutation then did. */
    private record Intended(String sopClass, String sopInstance, String transferSyntax) {
    }

    private Intended intended = new Intended(SECONDARY_CAPTURE, "2.25.1", Part10.EXPLICIT_LITTLE);

    /**
     * A copy of the seed with new Study, Series and SOP Instance UIDs (meta information too), and a
     * patient of its own ({@code FUZZ<channel>-<n>} as Patient ID and family name, ASCII, valid in
     * every character set): the corpus' patients stay the other tests' to search, fuzzy or not.
     */
    private Part10 fresh(Seed seed) {
        String sop = newUid();
        String patient = String.format("FUZZ%d-%05d", channel, ++patients);
        Part10 p = withString(seed.part10(), PATIENT_ID, "LO", patient);
        p = withString(p, PATIENT_NAME, "PN", patient + "^FUZZ");
        p = withString(p, STUDY_INSTANCE_UID, "UI", newUid());
        p = withString(p, SERIES_INSTANCE_UID, "UI", newUid());
        p = withString(p, SOP_INSTANCE_UID, "UI", sop);
        p = p.withMeta(Part10.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", uidValue(sop));
        p = p.withMeta(Part10.MEDIA_STORAGE_SOP_CLASS_UID, "UI", uidValue(seed.sopClass()));
        intended = new Intended(seed.sopClass(), sop, seed.part10().transferSyntax());
        return p;
    }

    private Part10 fresh(String name, Part10 p) {
        return fresh(new Seed(name, p, uidOf(p, SOP_CLASS_UID)));
    }

    /** A UID under 2.25 (PS3.5 B.2), always 44 characters, its last digit the channel. */
    private String newUid() {
        StringBuilder uid = new StringBuilder("2.25.").append(1 + uids.nextInt(9));
        while (uid.length() < 43) {
            uid.append(uids.nextInt(10));
        }
        return uid.append(channel).toString();
    }

    static byte[] uidValue(String uid) {
        byte[] bytes = uid.getBytes(StandardCharsets.US_ASCII);
        return bytes.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1);
    }

    private static String uidOf(Part10 p, int tag) {
        Element e = DataSetElements.find(DataSetElements.walk(p.dataSet(), p.syntax()), tag);
        return e == null ? null : Part10.text(Arrays.copyOfRange(p.dataSet(), e.valueOffset(), e.end()));
    }

    /** {@code p} with a top-level string element set to {@code value} (added if absent, removed if null). */
    static Part10 withString(Part10 p, int tag, String vr, String value) {
        if (value == null) {
            return withBytes(p, tag, vr, null);
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length % 2 == 1) {
            bytes = Arrays.copyOf(bytes, bytes.length + 1);
            bytes[bytes.length - 1] = (byte) ("UI".equals(vr) ? 0 : ' ');
        }
        return withBytes(p, tag, vr, bytes);
    }

    /**
     * {@code p} with a top-level element's value replaced by {@code value} as is (its length field
     * follows; a group length of its group, if any, too).
     */
    static Part10 withBytes(Part10 p, int tag, String vr, byte[] value) {
        Syntax syntax = p.syntax();
        byte[] data = p.dataSet();
        List<Element> elements = DataSetElements.walk(data, syntax);
        Element existing = DataSetElements.find(elements, tag);
        int start;
        int end;
        if (existing != null) {
            start = existing.offset();
            end = existing.end();
            vr = existing.vr() == null ? vr : existing.vr();
        } else {
            start = data.length;
            for (Element e : elements) {
                if (e.depth() == 0 && Integer.compareUnsigned(e.tag(), tag) > 0) {
                    start = e.offset();
                    break;
                }
            }
            end = start;
        }
        byte[] element = new byte[0];
        if (value != null) {
            if (syntax.explicit() && !DataSetElements.LONG_VRS.contains(vr) && value.length > 0xFFFF) {
                vr = "UN"; // too long for a 2-byte length: sent as UN, as PS3.5 6.2.2 allows
            }
            element = new Writer(syntax).element(tag, vr, value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, start);
        out.writeBytes(element);
        out.write(data, end, data.length - end);
        byte[] changed = out.toByteArray();
        Element groupLength = DataSetElements.find(elements, tag & 0xFFFF0000);
        if (groupLength != null && groupLength.offset() < start) {
            long length = (groupLength.syntax().bigEndian() ? be32(changed, groupLength.valueOffset())
                    : le32(changed, groupLength.valueOffset())) + element.length - (end - start);
            byte[] bytes = syntax.bigEndian() ? new byte[] {(byte) (length >>> 24), (byte) (length >>> 16),
                    (byte) (length >>> 8), (byte) length} : Part10.le32(length);
            System.arraycopy(bytes, 0, changed, groupLength.valueOffset(), 4);
        }
        return p.withDataSet(changed);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static long be32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    /** One element in any of the three syntaxes (the {@link ElementWriter} writes little endian only). */
    private record Writer(Syntax syntax) {
        byte[] element(int tag, String vr, byte[] value) {
            if (!syntax.bigEndian()) {
                return new ElementWriter(syntax.explicit()).element(tag, vr, value).toByteArray();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag >>> 24);
            out.write(tag >>> 16);
            out.write(tag >>> 8);
            out.write(tag);
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (DataSetElements.LONG_VRS.contains(vr)) {
                out.writeBytes(new byte[] {0, 0, (byte) (value.length >>> 24), (byte) (value.length >>> 16),
                        (byte) (value.length >>> 8), (byte) value.length});
            } else {
                out.write(value.length >>> 8);
                out.write(value.length);
            }
            out.writeBytes(value);
            return out.toByteArray();
        }
    }

    private static void writeLength(byte[] data, Element e, long length) {
        boolean big = e.syntax().bigEndian();
        for (int i = 0; i < e.lengthSize(); i++) {
            int shift = 8 * (big ? e.lengthSize() - 1 - i : i);
            data[e.lengthOffset() + i] = (byte) (length >>> shift);
        }
    }

    /** A seed from a corpus file, or {@code null} when the file is not a clean instance to mutate. */
    private static Seed seed(String name, byte[] file) {
        try {
            Part10 p = Part10.read(file);
            if (!Set.of(Part10.IMPLICIT_LITTLE, Part10.EXPLICIT_LITTLE, Part10.EXPLICIT_BIG, Part10.DEFLATED,
                    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
                    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.5")
                    .contains(p.transferSyntax())) {
                return null;
            }
            List<Element> elements = DataSetElements.walk(p.dataSet(), p.syntax());
            for (int tag : new int[] {SOP_CLASS_UID, SOP_INSTANCE_UID, STUDY_INSTANCE_UID, SERIES_INSTANCE_UID}) {
                if (DataSetElements.find(elements, tag) == null) {
                    return null;
                }
            }
            String sopClass = uidOf(p, SOP_CLASS_UID);
            return sopClass.matches("1\\.2\\.840\\.10008\\.5\\.1\\.4\\.1\\.1\\.[0-9.]+")
                    ? new Seed(name, p, sopClass) : null;
        } catch (RuntimeException malformed) {
            return null; // the corpus holds broken files on purpose: not seeds
        }
    }

    /** A 16 x 16 8-bit Secondary Capture, no patient data (names say FUZZ). */
    static Part10 synthetic(boolean explicit) {
        ElementWriter w = new ElementWriter(explicit);
        w.string(SOP_CLASS_UID, "UI", SECONDARY_CAPTURE)
                .string(SOP_INSTANCE_UID, "UI", "2.25.1")
                .string(0x00080060, "CS", "OT")
                .string(PATIENT_NAME, "PN", "FUZZ^SYNTHETIC")
                .string(PATIENT_ID, "LO", "FUZZ-1")
                .string(STUDY_INSTANCE_UID, "UI", "2.25.2")
                .string(SERIES_INSTANCE_UID, "UI", "2.25.3")
                .us(0x00280002, 1)
                .string(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, 16)
                .us(0x00280011, 16)
                .us(0x00280100, 8)
                .us(0x00280101, 8)
                .us(0x00280102, 7)
                .us(0x00280103, 0);
        byte[] pixels = new byte[256];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        w.element(DataSetElements.PIXEL_DATA, "OB", pixels);
        String syntax = explicit ? Part10.EXPLICIT_LITTLE : Part10.IMPLICIT_LITTLE;
        List<Part10.MetaElement> meta = List.of(
                new Part10.MetaElement(0x00020001, "OB", new byte[] {0, 1}),
                new Part10.MetaElement(Part10.MEDIA_STORAGE_SOP_CLASS_UID, "UI", uidValue(SECONDARY_CAPTURE)),
                new Part10.MetaElement(Part10.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", uidValue("2.25.1")),
                new Part10.MetaElement(Part10.TRANSFER_SYNTAX_UID, "UI", uidValue(syntax)),
                new Part10.MetaElement(0x00020012, "UI", uidValue("2.25.13")),
                new Part10.MetaElement(0x00020013, "SH", "IRIS_FUZZ ".getBytes(StandardCharsets.US_ASCII)));
        return new Part10(meta, syntax, w.toByteArray());
    }

    static Part10 syntheticDeflated() {
        return synthetic(true).withMeta(Part10.TRANSFER_SYNTAX_UID, "UI", uidValue(Part10.DEFLATED));
    }

    /** {@code p} with {@code encoded} (whole elements, e.g. a deep sequence) inserted before its Pixel Data. */
    static Part10 withBeforePixelData(Part10 p, byte[] encoded) {
        byte[] data = p.dataSet();
        int at = DataSetElements.find(DataSetElements.walk(data, p.syntax()), DataSetElements.PIXEL_DATA).offset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, at);
        out.writeBytes(encoded);
        out.write(data, at, data.length - at);
        return p.withDataSet(out.toByteArray());
    }

    /**
     * Content Sequence (0040,A730) nested {@code depth} levels (a sequence in the item of a
     * sequence...), with undefined lengths (delimiters) or defined ones; optionally never closed.
     */
    static byte[] nested(boolean explicit, int depth, boolean undefined, boolean closed) {
        ElementWriter w = new ElementWriter(explicit);
        int sequenceHeader = explicit ? 12 : 8;
        for (int level = 0; level < depth; level++) {
            // defined: sequence value = item header + item value; item value = the next sequence, whole
            long itemLength = (long) (depth - level - 1) * (sequenceHeader + 8);
            w.header(CONTENT_SEQUENCE, "SQ", undefined ? DataSetElements.UNDEFINED : itemLength + 8);
            w.delimiter(DataSetElements.ITEM, undefined ? DataSetElements.UNDEFINED : itemLength);
        }
        if (undefined && closed) {
            for (int level = 0; level < depth; level++) {
                w.delimiter(DataSetElements.ITEM_DELIMITER, 0);
                w.delimiter(DataSetElements.SEQUENCE_DELIMITER, 0);
            }
        }
        return w.toByteArray();
    }

    // ------------------------------------------------------------------ deflate bombs

    /** A deflate bomb: the file's header and its deflated data set. */
    private record Bomb(byte[] header, byte[] wire) {
    }

    /** 1 MiB of zeros deflated after 32 KiB of zeros (built once: the same bytes every time). */
    private static byte[] zeroBlock;

    /**
     * A fresh synthetic instance's data set, deflated, with {@code tag} holding {@code size} zero
     * bytes: a private OB element (with its creator) or the Pixel Data. Built without deflating the
     * zeros one by one: a block of 1 MiB of zeros is deflated once, with 32 KiB of zeros as its
     * dictionary, and repeated; what comes after the zeros refers only to zeros, so the stream
     * inflates exactly as if written in one go.
     */
    private Bomb bomb(int tag, long size) {
        Part10 p = fresh("synthetic-deflated", syntheticDeflated());
        byte[] data = p.dataSet();
        List<Element> elements = DataSetElements.walk(data, Syntax.EXPLICIT_LITTLE);
        Element pixels = DataSetElements.find(elements, DataSetElements.PIXEL_DATA);
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        byte[] after;
        if (tag == DataSetElements.PIXEL_DATA) {
            before.write(data, 0, pixels.offset());
            before.writeBytes(new ElementWriter(true).header(tag, "OB", size).toByteArray());
            after = new byte[0];
        } else {
            int insert = DataSetElements.find(elements, PATIENT_NAME).offset();
            before.write(data, 0, insert);
            before.writeBytes(new ElementWriter(true).string(0x00090010, "LO", "IRIS FUZZ")
                    .header(tag, "OB", size).toByteArray());
            after = Arrays.copyOfRange(data, insert, data.length);
        }
        long block = 1L << 20;
        byte[] firstZeros = new byte[1 << 16];
        Deflater main = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deflate(main, before.toByteArray(), Deflater.NO_FLUSH, out);
        deflate(main, firstZeros, Deflater.SYNC_FLUSH, out);
        long remaining = size - firstZeros.length;
        byte[] repeated = zeroBlock((int) block);
        for (; remaining >= block; remaining -= block) {
            out.writeBytes(repeated);
        }
        deflate(main, new byte[(int) remaining], Deflater.NO_FLUSH, out);
        main.setInput(after);
        main.finish();
        byte[] buffer = new byte[65536];
        while (!main.finished()) {
            out.write(buffer, 0, main.deflate(buffer));
        }
        main.end();
        return new Bomb(p.header(), out.toByteArray());
    }

    private static synchronized byte[] zeroBlock(int size) {
        if (zeroBlock != null) {
            return zeroBlock;
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setDictionary(new byte[32768]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deflate(d, new byte[size], Deflater.SYNC_FLUSH, out);
        d.end();
        zeroBlock = out.toByteArray();
        return zeroBlock;
    }

    private static void deflate(Deflater d, byte[] input, int flush, ByteArrayOutputStream out) {
        d.setInput(input);
        byte[] buffer = new byte[65536];
        while (true) {
            int n = d.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
            if (n < buffer.length && d.needsInput()) {
                break;
            }
        }
    }

    private static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, false);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        d.end();
        return out.toByteArray();
    }
}

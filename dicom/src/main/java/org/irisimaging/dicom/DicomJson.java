package org.irisimaging.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.JSONRepresentationOfDicomObjectFactory;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.json.JsonArray;
import javax.json.JsonArrayBuilder;
import javax.json.JsonBuilderFactory;
import javax.json.JsonObject;
import javax.json.JsonObjectBuilder;
import javax.json.JsonString;
import javax.json.JsonStructure;
import javax.json.JsonValue;
import javax.json.JsonWriter;
import javax.json.JsonWriterFactory;
import javax.json.spi.JsonProvider;

/**
 * DICOM JSON Model (PS3.18 Annex F) of a data set, built with PixelMed's
 * {@link JSONRepresentationOfDicomObjectFactory} and normalised to the standard:
 * <ul>
 * <li>attribute names are the tag as 8 upper-case hexadecimal digits ({@code "0020000D"});</li>
 * <li>every attribute has its {@code "vr"}; PixelMed's non-standard {@code "tag"}/{@code "keyword"}
 *     members are removed;</li>
 * <li>PN values are objects ({@code {"Alphabetic": "Buc^Jérôme"}}), strings are decoded with the
 *     data set's Specific Character Set;</li>
 * <li>IS and DS values are JSON numbers when they parse as numbers (kept as strings otherwise);</li>
 * <li>file meta information (group 0002), group lengths, Length to End and trailing padding are
 *     left out;</li>
 * <li>bulk data is left out: Pixel Data (7FE0,0008/0009/0010) and any binary value (OB, OW, OD, OF,
 *     OL, OV, UN) longer than {@value #MAX_INLINE_BINARY_BYTES} bytes. Shorter binary values are
 *     {@code "InlineBinary"} (base64). BulkDataURI support comes with WADO-RS.</li>
 * </ul>
 */
public final class DicomJson {

    /** Binary values up to this many bytes are inlined; longer ones are bulk data. */
    public static final int MAX_INLINE_BINARY_BYTES = 1024;

    private static final Pattern HEX_TAG = Pattern.compile("[0-9a-fA-F]{8}");
    private static final Set<String> STANDARD_MEMBERS = Set.of("vr", "Value", "InlineBinary", "BulkDataURI");
    /*
     * javax.json's static Json.create*() look the provider up through a ServiceLoader on every call,
     * which cost more than the conversion itself (about half of a CT slice's ingest CPU): one
     * provider, one builder and writer factory, and one PixelMed factory per thread (it holds a
     * builder factory made the same way when constructed).
     */
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(null);
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
    private static final ThreadLocal<JSONRepresentationOfDicomObjectFactory> PIXELMED =
            ThreadLocal.withInitial(JSONRepresentationOfDicomObjectFactory::new);

    private DicomJson() {
    }

    /** The data set of {@code file} as a DICOM JSON object. */
    public static JsonObject toJson(DicomFile file) throws InvalidDicomException {
        return toJson(file.attributes());
    }

    /** The data set in {@code list} as a DICOM JSON object (one instance, not wrapped in an array). */
    public static JsonObject toJson(AttributeList list) throws InvalidDicomException {
        JsonArray document;
        try {
            document = PIXELMED.get().getDocument(withoutBulkData(list),
                    false /* useKeywordInsteadOfTag */, false /* addTag */, false /* addKeyword */,
                    true /* addVR */, false /* collapseValueArrays */, false /* collapseEmptyToNull */,
                    false /* ignoreSR */, false /* substituteUIDKeywords */,
                    false /* useNumberForIntegerOrDecimalString: done here, per value */);
        } catch (DicomException e) {
            throw new InvalidDicomException("data set cannot be represented as DICOM JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // messages of unchecked exceptions may quote values: name the kind only
            throw new InvalidDicomException("data set cannot be represented as DICOM JSON ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        return normaliseDataSet(document.getJsonObject(0));
    }

    /**
     * {@link #toJson(AttributeList)} where each top-level bulk data attribute (Pixel Data, binary
     * values over {@value #MAX_INLINE_BINARY_BYTES} bytes) is present with its VR and a
     * {@code BulkDataURI} (PS3.18 F.2.6) given by {@code bulkDataUri} for its tag ({@code 7FE00010}).
     * Bulk data inside sequences stays left out.
     */
    public static JsonObject toJson(AttributeList list, Function<String, String> bulkDataUri)
            throws InvalidDicomException {
        JsonObjectBuilder out = BUILDERS.createObjectBuilder(toJson(list));
        for (Iterator<?> it = list.values().iterator(); it.hasNext();) {
            Attribute attribute = (Attribute) it.next();
            AttributeTag tag = attribute.getTag();
            if (isBulkData(attribute, tag)) {
                String hex = String.format("%04X%04X", tag.getGroup(), tag.getElement());
                out.add(hex, BUILDERS.createObjectBuilder()
                        .add("vr", ValueRepresentation.getAsString(attribute.getVR()))
                        .add("BulkDataURI", bulkDataUri.apply(hex)));
            }
        }
        return out.build();
    }

    /** {@link #toJson(AttributeList)} serialised as compact UTF-8 JSON text. */
    public static String toJsonString(AttributeList list) throws InvalidDicomException {
        return text(toJson(list));
    }

    /** {@link #toJson(AttributeList, Function)} serialised as compact UTF-8 JSON text. */
    public static String toJsonString(AttributeList list, Function<String, String> bulkDataUri)
            throws InvalidDicomException {
        return text(toJson(list, bulkDataUri));
    }

    private static String text(JsonObject json) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.write(json);
        }
        return out.toString();
    }

    /** Writes a DICOM JSON object or array as UTF-8; flushes but does not close {@code out}. */
    public static void write(JsonStructure json, OutputStream out) throws IOException {
        Writer text = new OutputStreamWriter(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller owns the stream
            }
        }, StandardCharsets.UTF_8);
        try (JsonWriter writer = WRITERS.createWriter(text)) {
            writer.write(json);
        }
    }

    // ------------------------------------------------------------------ filtering (before PixelMed)

    private static AttributeList withoutBulkData(AttributeList list) throws DicomException {
        AttributeList copy = new AttributeList();
        for (Iterator<?> it = list.values().iterator(); it.hasNext();) {
            Attribute attribute = (Attribute) it.next();
            AttributeTag tag = attribute.getTag();
            if (isLeftOut(attribute, tag)) {
                continue;
            }
            if (attribute instanceof SequenceAttribute sequence) {
                SequenceAttribute filtered = new SequenceAttribute(tag);
                for (Iterator<?> items = sequence.iterator(); items.hasNext();) {
                    filtered.addItem(withoutBulkData(((SequenceItem) items.next()).getAttributeList()));
                }
                copy.put(filtered);
            } else {
                copy.put(attribute);
            }
        }
        return copy;
    }

    private static boolean isLeftOut(Attribute attribute, AttributeTag tag) {
        int group = tag.getGroup();
        int element = tag.getElement();
        if (group == 0x0002 || element == 0x0000 || (group == 0xFFFC && element == 0xFFFC)
                || tag.equals(TagFromName.LengthToEnd)) {
            return true;
        }
        return isBulkData(attribute, tag);
    }

    /** Pixel Data, or a binary value too long to inline. */
    private static boolean isBulkData(Attribute attribute, AttributeTag tag) {
        int group = tag.getGroup();
        int element = tag.getElement();
        if (group == 0x7FE0 && (element == 0x0008 || element == 0x0009 || element == 0x0010)) {
            return true;
        }
        byte[] vr = attribute.getVR();
        return ValueRepresentation.isBase64EncodedInJSON(vr)
                && (attribute.getVL() > MAX_INLINE_BINARY_BYTES || attribute.getVL() < 0);
    }

    // ------------------------------------------------------------------ normalising (after PixelMed)

    private static JsonObject normaliseDataSet(JsonObject dataSet) {
        JsonObjectBuilder out = BUILDERS.createObjectBuilder();
        for (Map.Entry<String, JsonValue> entry : dataSet.entrySet()) {
            String name = entry.getKey();
            String tag = HEX_TAG.matcher(name).matches() ? name.toUpperCase(Locale.ROOT) : name;
            JsonValue value = entry.getValue();
            out.add(tag, value.getValueType() == JsonValue.ValueType.OBJECT
                    ? normaliseAttribute(value.asJsonObject())
                    : value);
        }
        return out.build();
    }

    private static JsonObject normaliseAttribute(JsonObject attribute) {
        String vr = attribute.getString("vr", "");
        JsonObjectBuilder out = BUILDERS.createObjectBuilder();
        for (Map.Entry<String, JsonValue> member : attribute.entrySet()) {
            String name = member.getKey();
            if (!STANDARD_MEMBERS.contains(name)) {
                continue;
            }
            if (name.equals("Value") && member.getValue().getValueType() == JsonValue.ValueType.ARRAY) {
                out.add(name, normaliseValues(vr, member.getValue().asJsonArray()));
            } else {
                out.add(name, member.getValue());
            }
        }
        return out.build();
    }

    private static JsonArray normaliseValues(String vr, JsonArray values) {
        JsonArrayBuilder out = BUILDERS.createArrayBuilder();
        for (JsonValue value : values) {
            if (vr.equals("SQ") && value.getValueType() == JsonValue.ValueType.OBJECT) {
                out.add(normaliseDataSet(value.asJsonObject()));
            } else if ((vr.equals("IS") || vr.equals("DS")) && value.getValueType() == JsonValue.ValueType.STRING) {
                out.add(number(vr, ((JsonString) value).getString()));
            } else {
                out.add(value);
            }
        }
        return out.build();
    }

    private static JsonValue number(String vr, String text) {
        String s = text.trim();
        try {
            if (vr.equals("IS")) {
                return PROVIDER.createValue(new BigInteger(s.startsWith("+") ? s.substring(1) : s));
            }
            BigDecimal d = new BigDecimal(s);
            return PROVIDER.createValue(d);
        } catch (NumberFormatException e) {
            return PROVIDER.createValue(text); // malformed in the source: keep what was sent
        }
    }
}

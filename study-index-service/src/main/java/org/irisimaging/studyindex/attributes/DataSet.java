package org.irisimaging.studyindex.attributes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Read access to a DICOM JSON data set (PS3.18 Annex F): an object whose members are named by
 * tag ({@code "0020000D"}) and hold {@code {"vr": ..., "Value": [...]}}.
 */
public final class DataSet {

    private static final Pattern UPPER_TAG = Pattern.compile("[0-9A-F]{8}");
    private static final Pattern VR = Pattern.compile("[A-Z]{2}");

    private final ObjectNode json;

    private DataSet(ObjectNode json) {
        this.json = json;
    }

    /**
     * Checks the top level of the data set is DICOM JSON (members named by upper-case tags, each an
     * object with a two-letter {@code vr}) and holds no file meta information, no pixel data and no
     * NUL character (which the database cannot store).
     *
     * @throws IllegalArgumentException saying what is wrong (tags only, never values)
     */
    public static DataSet of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("dataset must be a DICOM JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            String tag = member.getKey();
            if (!UPPER_TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("dataset member \"" + abbreviate(tag)
                        + "\" is not a tag of 8 upper-case hexadecimal digits");
            }
            JsonNode attribute = member.getValue();
            JsonNode vr = attribute.isObject() ? attribute.get("vr") : null;
            if (vr == null || !vr.isTextual() || !VR.matcher(vr.asText()).matches()) {
                throw new IllegalArgumentException("dataset attribute " + tag + " has no valid \"vr\"");
            }
            if (tag.startsWith("0002")) {
                throw new IllegalArgumentException("dataset holds file meta information (" + tag
                        + "): send the data set without group 0002");
            }
            if (tag.equals("7FE00010") || tag.equals("7FE00008") || tag.equals("7FE00009")) {
                if (attribute.has("InlineBinary") || attribute.has("Value")) {
                    throw new IllegalArgumentException("dataset holds pixel data (" + tag + "): bulk data must be left out");
                }
            }
            if (hasNul(attribute)) {
                // PostgreSQL (jsonb, text) cannot store U+0000; DICOM pads with spaces, not NUL, except UI
                throw new IllegalArgumentException("dataset attribute " + tag
                        + " holds a NUL character (U+0000): padding must be removed");
            }
        }
        return new DataSet((ObjectNode) json);
    }

    private static boolean hasNul(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().indexOf('\0') >= 0;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasNul(child)) {
                    return true;
                }
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                if (names.next().indexOf('\0') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 16 ? s : s.substring(0, 16) + "...";
    }

    /** The data set as received. */
    public ObjectNode json() {
        return json;
    }

    /** The attribute named {@code tag}, if present. */
    public Optional<JsonNode> attribute(String tag) {
        return Optional.ofNullable(json.get(tag));
    }

    /** The first value of {@code tag} as text (numbers as written), trimmed; empty if absent or empty. */
    public Optional<String> string(String tag) {
        JsonNode first = firstValue(tag);
        if (first == null || !(first.isTextual() || first.isNumber())) {
            return Optional.empty();
        }
        String text = first.asText().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The first value of {@code tag} as an int (IS, US...), when it is one. */
    public Optional<Integer> integer(String tag) {
        JsonNode first = firstValue(tag);
        if (first == null) {
            return Optional.empty();
        }
        try {
            BigInteger n = first.isIntegralNumber() ? first.bigIntegerValue()
                    : first.isTextual() ? new BigInteger(first.asText().trim().replaceFirst("^\\+", "")) : null;
            if (n == null || n.bitLength() > 31) {
                return Optional.empty();
            }
            return Optional.of(n.intValue());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first value of a PN attribute ({@code {"Alphabetic": ...}}), if any. */
    public Optional<JsonNode> personName(String tag) {
        JsonNode first = firstValue(tag);
        return first != null && first.isObject() ? Optional.of(first) : Optional.empty();
    }

    /** The members of this data set whose tags are in {@code tags}, in tag order. */
    public ObjectNode subset(Set<String> tags) {
        ObjectNode subset = JsonNodeFactory.instance.objectNode();
        json.fieldNames().forEachRemaining(tag -> {
            if (tags.contains(tag)) {
                subset.set(tag, json.get(tag));
            }
        });
        return subset;
    }

    private JsonNode firstValue(String tag) {
        JsonNode attribute = json.get(tag);
        JsonNode values = attribute == null ? null : attribute.get("Value");
        return values != null && values.isArray() && !values.isEmpty() ? values.get(0) : null;
    }
}

package org.irisimaging.studyindex.access;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The national identifiers (idNat_PS) of the practitioners named in a Referring Physician
 * Identification Sequence (0008,0096), as DICOM JSON: each item's Person Identification Code
 * Sequence (0040,1101) items whose Coding Scheme Designator (0008,0102) is a French national
 * scheme for health professionals. The Code Value (0008,0100) is brought to the idNat_PS form that
 * identity-service puts in tokens ({@code idnat_ps}):
 * <ul>
 * <li>{@code 1.2.250.1.71.4.2.1} (the national OID of health professionals' identifiers),
 *     {@code IDNPS}, {@code IDNAT_PS}: already an idNat_PS, kept as is;</li>
 * <li>{@code RPPS}: 11 digits get the prefix {@code 8} (an idNat_PS given under RPPS is kept);</li>
 * <li>{@code ADELI}: 9 characters get the prefix {@code 0} (likewise).</li>
 * </ul>
 * Designators are compared ignoring case. Codes of any other scheme (local codes of a PACS or a
 * RIS) are ignored: the same string may mean another person there. Nothing is read from names.
 */
public final class PractitionerIdentifiers {

    static final String REFERRING_PHYSICIAN_IDENTIFICATION_SEQUENCE = "00080096";
    static final String PERSON_IDENTIFICATION_CODE_SEQUENCE = "00401101";
    static final String CODE_VALUE = "00080100";
    static final String CODING_SCHEME_DESIGNATOR = "00080102";

    /** OID of the French national identifiers of health professionals (idNat_PS). */
    public static final String IDNAT_PS_OID = "1.2.250.1.71.4.2.1";
    private static final Set<String> IDNAT_PS_SCHEMES = Set.of(IDNAT_PS_OID, "IDNPS", "IDNAT_PS");
    private static final Pattern RPPS = Pattern.compile("\\d{11}");
    private static final Pattern ADELI = Pattern.compile("[0-9A-Z]{9}");
    /** Longest Code Value (SH: 16 characters); anything longer is not a code. */
    private static final int MAX_LENGTH = 16;

    private PractitionerIdentifiers() {
    }

    /**
     * The idNat_PS of the practitioners the data set's Referring Physician Identification Sequence
     * names, without duplicates, in order; empty when it names none.
     */
    public static List<String> referringPhysicians(JsonNode dataset) {
        List<String> ids = new ArrayList<>();
        for (JsonNode physician : items(dataset, REFERRING_PHYSICIAN_IDENTIFICATION_SEQUENCE)) {
            for (JsonNode code : items(physician, PERSON_IDENTIFICATION_CODE_SEQUENCE)) {
                String id = idNatPs(first(code, CODING_SCHEME_DESIGNATOR), first(code, CODE_VALUE));
                if (id != null && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** The idNat_PS for a code of {@code scheme}, or null when the scheme is not a national one. */
    static String idNatPs(String scheme, String value) {
        if (scheme == null || value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return null;
        }
        String designator = scheme.toUpperCase(Locale.ROOT);
        if (IDNAT_PS_SCHEMES.contains(designator)) {
            return value;
        }
        if (designator.equals("RPPS")) {
            return RPPS.matcher(value).matches() ? "8" + value
                    : value.length() == 12 && value.startsWith("8") && RPPS.matcher(value.substring(1)).matches()
                    ? value : null;
        }
        if (designator.equals("ADELI")) {
            String upper = value.toUpperCase(Locale.ROOT);
            return ADELI.matcher(upper).matches() ? "0" + upper
                    : upper.length() == 10 && upper.startsWith("0") && ADELI.matcher(upper.substring(1)).matches()
                    ? upper : null;
        }
        return null;
    }

    private static List<JsonNode> items(JsonNode dataset, String tag) {
        JsonNode values = dataset == null ? null : dataset.path(tag).path("Value");
        List<JsonNode> items = new ArrayList<>();
        if (values != null && values.isArray()) {
            values.forEach(item -> {
                if (item.isObject()) {
                    items.add(item);
                }
            });
        }
        return items;
    }

    private static String first(JsonNode item, String tag) {
        JsonNode v = item.path(tag).path("Value").path(0);
        if (!v.isTextual()) {
            return null;
        }
        String text = v.asText().strip();
        return text.isEmpty() ? null : text;
    }
}

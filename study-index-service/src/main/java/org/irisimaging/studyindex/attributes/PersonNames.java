package org.irisimaging.studyindex.attributes;

import com.fasterxml.jackson.databind.JsonNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The forms of a person name (VR PN) the index matches on.
 * <ul>
 * <li><b>Upper form</b>: the Alphabetic component group with trailing spaces of each component and
 *     trailing empty components removed, in upper case: {@code "Buc^Jérôme^^"} → {@code "BUC^JÉRÔME"}.
 *     Case-insensitive literal and wildcard matching compare it with the query value in the same form.</li>
 * <li><b>Fuzzy keys</b>: the words of every component group (Alphabetic, Ideographic, Phonetic) of
 *     every value, without accents, in upper case, and every prefix of each word:
 *     {@code "Buc^Jérôme"} → B, BU, BUC, J, JE, JER, JERO, JEROM, JEROME. Fuzzy matching looks each
 *     query word up among them (an indexed array containment).</li>
 * </ul>
 */
public final class PersonNames {

    /** Longest word prefix kept as a fuzzy key; longer query words are cut to it. */
    public static final int MAX_FUZZY_PREFIX = 32;

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern QUERY_WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}*?]+");
    private static final Map<Character, String> NOT_DECOMPOSED = Map.of(
            'Ø', "O", 'ø', "O", 'Æ', "AE", 'æ', "AE", 'Œ', "OE", 'œ', "OE", 'Ł', "L", 'ł', "L", 'Đ', "D", 'đ', "D");

    private PersonNames() {
    }

    /** Upper form of the Alphabetic group of a DICOM JSON PN value ({@code {"Alphabetic": ...}}); null if empty. */
    public static String upperForm(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        JsonNode alphabetic = value.get("Alphabetic");
        return alphabetic == null || !alphabetic.isTextual() ? null : upperForm(alphabetic.asText());
    }

    /** Upper form of one component group given as text ({@code Family^Given^Middle^Prefix^Suffix}); null if empty. */
    public static String upperForm(String group) {
        String trimmed = trimComponents(group);
        return trimmed.isEmpty() ? null : trimmed.toUpperCase(Locale.ROOT);
    }

    /**
     * Removes trailing spaces of each component and trailing empty components:
     * {@code "Buc ^Jérôme^^ "} → {@code "Buc^Jérôme"}.
     */
    public static String trimComponents(String group) {
        String[] components = group.split("\\^", -1);
        int last = components.length - 1;
        for (int i = 0; i < components.length; i++) {
            components[i] = components[i].stripTrailing();
        }
        while (last >= 0 && components[last].isEmpty()) {
            last--;
        }
        return String.join("^", List.of(components).subList(0, last + 1));
    }

    /** Fuzzy keys of a DICOM JSON PN attribute ({@code {"vr":"PN","Value":[...]}}), sorted. */
    public static List<String> fuzzyKeys(JsonNode attribute) {
        TreeSet<String> keys = new TreeSet<>();
        JsonNode values = attribute == null ? null : attribute.get("Value");
        if (values != null && values.isArray()) {
            for (JsonNode value : values) {
                if (!value.isObject()) {
                    continue;
                }
                for (String group : List.of("Alphabetic", "Ideographic", "Phonetic")) {
                    JsonNode text = value.get(group);
                    if (text != null && text.isTextual()) {
                        for (String word : words(text.asText())) {
                            for (int n = 1; n <= Math.min(word.length(), MAX_FUZZY_PREFIX); n++) {
                                keys.add(word.substring(0, n));
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The words of a name or of a query value: split at anything that is not a letter or digit
     * (component separators {@code ^}, spaces, hyphens, apostrophes...), without accents, upper case.
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : WORD_SEPARATORS.split(withoutAccents(text))) {
            if (!word.isEmpty()) {
                words.add(word.toUpperCase(Locale.ROOT));
            }
        }
        return words;
    }

    /**
     * The words of a fuzzy query value, like {@link #words} but keeping the wildcards {@code *} and
     * {@code ?} inside them: {@code "jér* b?c"} → {@code JER*}, {@code B?C}.
     */
    public static List<String> queryWords(String text) {
        List<String> words = new ArrayList<>();
        for (String word : QUERY_WORD_SEPARATORS.split(withoutAccents(text))) {
            if (!word.isEmpty()) {
                words.add(word.toUpperCase(Locale.ROOT));
            }
        }
        return words;
    }

    /** {@code "Jérôme Łukasz"} → {@code "Jerome Lukasz"}: canonical decomposition without combining marks. */
    public static String withoutAccents(String text) {
        StringBuilder mapped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = NOT_DECOMPOSED.get(c);
            mapped.append(replacement != null ? replacement : String.valueOf(c));
        }
        return COMBINING_MARKS.matcher(Normalizer.normalize(mapped, Normalizer.Form.NFD)).replaceAll("");
    }
}

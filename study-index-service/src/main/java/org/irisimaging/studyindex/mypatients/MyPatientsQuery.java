package org.irisimaging.studyindex.mypatients;

import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.studyindex.attributes.PersonNames;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the caller asked of their list ({@code GET /api/my-patients}): filters that select studies
 * (modalities, study dates, name words, birth date), one that keeps rows (unread), the order and
 * the page. Built from the query string by {@link #parse}, which refuses anything it does not know
 * (400): no value of the query string ever becomes SQL, only a bound parameter or one of the
 * {@link Sort} orders.
 *
 * @param modalities   the study must have one of them (empty: any)
 * @param from         first Study Date kept (inclusive), null for none
 * @param to           last Study Date kept (inclusive), null for none
 * @param nameWords    every one must be the prefix of a word of the Patient's Name (upper case, no
 *                     accents); null when not searched by name
 * @param birthDate    the Patient's Birth Date, null for any
 * @param unreadOnly   only patients with an unread study (among those selected)
 * @param sort         the order of the rows
 * @param descending   its direction
 * @param limit        page size
 * @param offset       rows skipped
 */
public record MyPatientsQuery(List<String> modalities, LocalDate from, LocalDate to, List<String> nameWords,
                              LocalDate birthDate, boolean unreadOnly, Sort sort, boolean descending, int limit,
                              int offset) {

    /** Page size without {@code limit}. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page. */
    public static final int MAX_LIMIT = 500;
    /** Longest {@code q}. */
    public static final int MAX_Q_LENGTH = 64;
    /** Most modalities asked at once. */
    public static final int MAX_MODALITIES = 20;
    /** Largest {@code months}. */
    public static final int MAX_MONTHS = 120;

    /** The query parameters the list knows; any other is a 400. */
    static final Set<String> PARAMETERS = Set.of("modality", "from", "to", "months", "q", "birthDate", "unread",
            "sort", "dir", "limit", "offset");

    private static final Pattern MODALITY = Pattern.compile("[A-Z0-9_]{1,16}"); // a CS value
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}|\\p{Cf}");
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    public MyPatientsQuery {
        modalities = List.copyOf(modalities);
        nameWords = nameWords == null ? null : List.copyOf(nameWords);
    }

    /** The whole list, latest study first (the default order). */
    public static MyPatientsQuery page(int limit, int offset) {
        return new MyPatientsQuery(List.of(), null, null, null, null, false, Sort.LATEST_STUDY_DATE, true, limit,
                offset);
    }

    /** The orders of the rows ({@code sort}), each with its default direction. */
    public enum Sort {
        PATIENT_NAME("patientName", false),
        PATIENT_BIRTH_DATE("patientBirthDate", false),
        LATEST_STUDY_DATE("latestStudyDate", true),
        STUDIES("studies", true),
        UNREAD("unread", true);

        private final String parameter;
        private final boolean descendingByDefault;

        Sort(String parameter, boolean descendingByDefault) {
            this.parameter = parameter;
            this.descendingByDefault = descendingByDefault;
        }

        public String parameter() {
            return parameter;
        }

        static Sort of(String value) {
            for (Sort s : values()) {
                if (s.parameter.equals(value)) {
                    return s;
                }
            }
            throw invalid("sort must be one of patientName, patientBirthDate, latestStudyDate, studies, unread");
        }
    }

    /**
     * Reads the query string. {@code today} is the date {@code months} counts back from.
     *
     * @throws ProblemException 400 {@code unsupported-query-parameter} for an unknown parameter,
     *                          {@code invalid-query-parameter} for a malformed or repeated value
     */
    static MyPatientsQuery parse(Map<String, List<String>> params, LocalDate today) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new ProblemException(ProblemType.UNSUPPORTED_QUERY_PARAMETER,
                        "unknown parameter " + printable(name) + "; known: " + String.join(", ", sorted()));
            }
        }
        int limit = integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = integer(params, "offset", 0, 0, Integer.MAX_VALUE);
        List<String> modalities = modalities(params.getOrDefault("modality", List.of()));
        LocalDate from = date(params, "from");
        LocalDate to = date(params, "to");
        String months = single(params, "months");
        if (months != null) {
            if (from != null) {
                throw invalid("months and from cannot be used together");
            }
            int n;
            try {
                n = Integer.parseInt(months);
            } catch (NumberFormatException e) {
                throw invalid("months must be a whole number from 1 to " + MAX_MONTHS);
            }
            if (n < 1 || n > MAX_MONTHS) {
                throw invalid("months must be a whole number from 1 to " + MAX_MONTHS);
            }
            from = today.minusMonths(n);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw invalid("from is after to");
        }
        List<String> words = nameWords(single(params, "q"));
        LocalDate birthDate = date(params, "birthDate");
        boolean unread = bool(single(params, "unread"));
        String sortValue = single(params, "sort");
        Sort sort = sortValue == null ? Sort.LATEST_STUDY_DATE : Sort.of(sortValue);
        String dir = single(params, "dir");
        boolean descending;
        if (dir == null) {
            descending = sort.descendingByDefault;
        } else if (dir.equals("asc") || dir.equals("desc")) {
            descending = dir.equals("desc");
        } else {
            throw invalid("dir must be asc or desc");
        }
        return new MyPatientsQuery(modalities, from, to, words, birthDate, unread, sort, descending, limit, offset);
    }

    private static List<String> modalities(List<String> values) {
        Set<String> modalities = new LinkedHashSet<>();
        for (String value : values) {
            // modality=CT&modality=MR, or modality=CT,MR
            for (String m : value.split(",", -1)) {
                String upper = m.strip().toUpperCase(Locale.ROOT);
                if (!MODALITY.matcher(upper).matches()) {
                    throw invalid("modality holds a value that is not a modality (CS, e.g. CT)");
                }
                modalities.add(upper);
            }
        }
        if (modalities.size() > MAX_MODALITIES) {
            throw invalid("at most " + MAX_MODALITIES + " modalities");
        }
        return List.copyOf(modalities);
    }

    /**
     * The words of {@code q}: split at anything that is not a letter or digit (spaces, the PN
     * separator {@code ^}, hyphens, and {@code % _ \ '} which are not wildcards here), without
     * accents, upper case, each cut to the longest prefix the index keeps. A {@code q} with text but
     * no word (e.g. {@code %}) matches no name: an empty list, not "no filter".
     */
    private static List<String> nameWords(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_Q_LENGTH) {
            throw invalid("q is at most " + MAX_Q_LENGTH + " characters");
        }
        if (CONTROL.matcher(q).find()) {
            throw invalid("q holds a control character");
        }
        List<String> words = new ArrayList<>();
        for (String word : PersonNames.words(q)) {
            words.add(word.length() > PersonNames.MAX_FUZZY_PREFIX ? word.substring(0, PersonNames.MAX_FUZZY_PREFIX)
                    : word);
        }
        return words;
    }

    private static LocalDate date(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be a date as yyyy-MM-dd");
        }
    }

    /**
     * A whole number parameter in [{@code min}, {@code max}], {@code absent} when not given. Read
     * here rather than by JAX-RS, which answers a value that is not a number with 404.
     */
    private static int integer(Map<String, List<String>> params, String name, int absent, int min, int max) {
        String value = single(params, name);
        if (value == null) {
            return absent;
        }
        long n;
        try {
            n = value.length() > 10 ? Long.MAX_VALUE : Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw invalid(name + " must be a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        return (int) n;
    }

    private static boolean bool(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw invalid("unread must be true or false");
    }

    /** The one value of {@code name}, null when absent; a repeated parameter is a 400. */
    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalid(name + " is given more than once");
        }
        return values.getFirst();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_QUERY_PARAMETER, detail);
    }

    private static List<String> sorted() {
        return PARAMETERS.stream().sorted().toList();
    }

    /** A parameter name as the detail may quote it: printable, short. */
    private static String printable(String name) {
        String clean = CONTROL.matcher(name).replaceAll("?");
        return clean.length() > 32 ? clean.substring(0, 32) + "…" : clean;
    }
}

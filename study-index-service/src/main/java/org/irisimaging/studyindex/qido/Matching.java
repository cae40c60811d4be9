package org.irisimaging.studyindex.qido;

import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.attributes.DicomDates;
import org.irisimaging.studyindex.attributes.PersonNames;
import org.irisimaging.dicom.Uids;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a query value matches (PS3.4 C.2.2.2, PS3.18 §8.3.4), turned into an SQL condition on an
 * indexed column. An empty value or {@code *} is universal matching (no condition). Values that do
 * not fit the matching type throw {@link IllegalArgumentException} with the reason (→ 400).
 */
enum Matching {
    /** UI: single value or UID list ({@code ,} or {@code \} separated); no wildcards. */
    UID {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            List<String> uids = list(value);
            for (String uid : uids) {
                if (!Uids.isValidStrict(uid)) {
                    throw new IllegalArgumentException("not a valid UID (wildcards are not allowed for UIDs): "
                            + abbreviate(uid));
                }
            }
            return Optional.of(anyOf(column, uids));
        }
    },
    /** LO, SH: case-sensitive single value, with wildcards {@code *} and {@code ?}. */
    STRING {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            if (value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("multiple values (\\) are not supported for this attribute");
            }
            return Optional.of(singleValue(column, value));
        }
    },
    /** CS: single value with wildcards, or a list of values ({@code ,} or {@code \} separated). */
    CODE {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            List<String> values = list(value);
            if (values.size() == 1) {
                return Optional.of(singleValue(column, values.get(0)));
            }
            if (values.stream().anyMatch(Matching::hasWildcard)) {
                throw new IllegalArgumentException("wildcards are not allowed in a list of values");
            }
            return Optional.of(anyOf(column, values));
        }
    },
    /** ModalitiesInStudy: a study matches when any of its series' modalities is one of the values. */
    CODE_IN_ARRAY {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            List<String> values = list(value);
            if (values.stream().anyMatch(Matching::hasWildcard)) {
                throw new IllegalArgumentException("wildcards are not supported for ModalitiesInStudy");
            }
            return Optional.of(new SqlCondition(column + " && ?", List.of(values)));
        }
    },
    /**
     * PN. Literal: case-insensitive, with wildcards, on the Alphabetic component group. Fuzzy
     * ({@code fuzzymatching=true}): every word of the value, without accents and case, starts a
     * word of the name (any component, any group); see {@link #fuzzy}.
     */
    PERSON_NAME {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            if (value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("multiple values (\\) are not supported for person names");
            }
            if (fuzzy) {
                return fuzzy(fuzzyColumn, value);
            }
            if (value.indexOf('=') >= 0) {
                throw new IllegalArgumentException("matching on ideographic or phonetic component groups (=) "
                        + "is not supported; use fuzzymatching=true");
            }
            String upper = PersonNames.upperForm(value);
            return upper == null ? Optional.empty() : Optional.of(singleValue(column, upper));
        }
    },
    /** DA: single date or range {@code from-to}, {@code -to}, {@code from-}. */
    DATE {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            return Optional.of(range(column, value, v -> {
                DicomDates.DateBounds b = DicomDates.dateBounds(v);
                return new Object[] {b.first(), b.last()};
            }));
        }
    },
    /** TM: single time or range; a value covers what its precision covers (1530 = 15:30:00 to 15:30:59.999999). */
    TIME {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            return Optional.of(range(column, value, v -> {
                DicomDates.TimeBounds b = DicomDates.timeBounds(v);
                return new Object[] {b.first(), b.last()};
            }));
        }
    },
    /** DT: single date-time or range, without UTC offset; a value covers what its precision covers. */
    DATE_TIME {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            return Optional.of(range(column, value, v -> {
                DicomDates.DateTimeBounds b = DicomDates.dateTimeBounds(v);
                return new Object[] {b.first(), b.last()};
            }));
        }
    },
    /** IS: a single integer. */
    INTEGER {
        @Override
        Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy) {
            try {
                return Optional.of(new SqlCondition(column + " = ?", List.of(Integer.parseInt(value.replaceFirst("^\\+", "")))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer: " + abbreviate(value));
            }
        }
    };

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\\\]");

    /**
     * The condition of a query value, or empty for universal matching.
     *
     * @param value the query value, trimmed, neither empty nor {@code *}
     */
    abstract Optional<SqlCondition> condition(String column, String fuzzyColumn, String value, boolean fuzzy);

    /** The condition of a raw query value: empty (universal matching) for {@code ""} and {@code *}. */
    Optional<SqlCondition> match(String column, String fuzzyColumn, String rawValue, boolean fuzzy) {
        String value = rawValue.strip();
        if (value.isEmpty() || value.chars().allMatch(ch -> ch == '*')) {
            return Optional.empty();
        }
        return condition(column, fuzzyColumn, value, fuzzy);
    }

    /**
     * Fuzzy person-name matching: every word of the value starts a word of the name (accents and
     * case ignored). Words without wildcards are looked up among the stored word prefixes (GIN
     * index); a word with wildcards must match one of the stored prefixes (not index-assisted):
     * {@code *OB} matches a word containing OB, {@code J?R} a word starting with J, any letter, R.
     */
    private static Optional<SqlCondition> fuzzy(String fuzzyColumn, String value) {
        List<String> plain = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (String word : PersonNames.queryWords(value)) {
            String w = word.replaceAll("\\*+$", ""); // a trailing * changes nothing: words are prefixes
            if (w.isEmpty()) {
                continue;
            }
            if (hasWildcard(w)) {
                sql.add("exists (select 1 from unnest(" + fuzzyColumn + ") w where w like ? escape '\\')");
                params.add(likePattern(w));
            } else if (!plain.contains(w)) {
                plain.add(w.length() > PersonNames.MAX_FUZZY_PREFIX ? w.substring(0, PersonNames.MAX_FUZZY_PREFIX) : w);
            }
        }
        if (!plain.isEmpty()) {
            sql.add(0, fuzzyColumn + " @> ?");
            params.add(0, plain);
        }
        return sql.isEmpty() ? Optional.empty() : Optional.of(new SqlCondition(String.join(" and ", sql), params));
    }

    static boolean hasWildcard(String value) {
        return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
    }

    /** DICOM wildcards as an SQL LIKE pattern (escape character {@code \}). */
    static String likePattern(String value) {
        StringBuilder like = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }

    private static SqlCondition singleValue(String column, String value) {
        if (hasWildcard(value)) {
            return new SqlCondition(column + " like ? escape '\\'", List.of(likePattern(value)));
        }
        return new SqlCondition(column + " = ?", List.of(value));
    }

    private static SqlCondition anyOf(String column, List<String> values) {
        return values.size() == 1
                ? new SqlCondition(column + " = ?", List.of(values.get(0)))
                : new SqlCondition(column + " = any(?)", List.of(values));
    }

    private static List<String> list(String value) {
        List<String> values = Arrays.stream(LIST_SEPARATOR.split(value, -1)).map(String::strip).toList();
        if (values.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty value in a list of values");
        }
        return values;
    }

    /** Single value or range; {@code bounds} gives the first and last value a query value covers. */
    private static SqlCondition range(String column, String value, Function<String, Object[]> bounds) {
        int dash = value.indexOf('-');
        if (dash < 0) {
            Object[] b = bounds.apply(value);
            return new SqlCondition(column + " between ? and ?", List.of(b[0], b[1]));
        }
        if (value.indexOf('-', dash + 1) >= 0) {
            throw new IllegalArgumentException("a range has one '-'");
        }
        String from = value.substring(0, dash).strip();
        String to = value.substring(dash + 1).strip();
        List<String> sql = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (from.isEmpty() && to.isEmpty()) {
            throw new IllegalArgumentException("a range needs a lower or an upper bound");
        }
        if (!from.isEmpty()) {
            sql.add(column + " >= ?");
            params.add(bounds.apply(from)[0]);
        }
        if (!to.isEmpty()) {
            sql.add(column + " <= ?");
            params.add(bounds.apply(to)[1]);
        }
        return new SqlCondition(String.join(" and ", sql), params);
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}

package org.irisimaging.studyindex.qido;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.attributes.AttributeDictionary;
import org.irisimaging.studyindex.attributes.DicomAttribute;
import org.irisimaging.dicom.Uids;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a QIDO-RS query string (PS3.18 §8.3.4): matching keys by keyword or tag,
 * {@code includefield}, {@code fuzzymatching}, {@code limit}, {@code offset}. Anything it does not
 * support is a 400 naming it, never ignored.
 */
@ApplicationScoped
public class QidoQueryParser {

    static final String UNSUPPORTED = "unsupported-query-parameter";
    static final String INVALID = "invalid-query-parameter";

    private static final String INCLUDEFIELD = "includefield";
    private static final String FUZZYMATCHING = "fuzzymatching";
    private static final String LIMIT = "limit";
    private static final String OFFSET = "offset";

    private final QidoConfig config;

    QidoQueryParser(QidoConfig config) {
        this.config = config;
    }

    /**
     * @param parameters the decoded query parameters (name → values in order)
     */
    public QidoQuery parse(Search search, String studyUID, String seriesUID, Map<String, List<String>> parameters) {
        checkPathUid(studyUID, "study");
        checkPathUid(seriesUID, "series");
        boolean fuzzy = false;
        boolean includeAll = false;
        Integer limit = null;
        int offset = 0;
        Set<String> included = new LinkedHashSet<>();
        Set<String> matchedTags = new LinkedHashSet<>();
        List<Map.Entry<MatchingKey, String>> keys = new ArrayList<>();

        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            List<String> values = parameter.getValue();
            switch (name) {
                case INCLUDEFIELD -> {
                    for (String value : values) {
                        for (String field : value.split(",", -1)) {
                            String f = field.strip();
                            if (f.equals("all")) {
                                includeAll = true;
                            } else {
                                included.add(attribute(f, INCLUDEFIELD + " value").tag());
                            }
                        }
                    }
                }
                case FUZZYMATCHING -> {
                    String v = single(name, values);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw invalid("fuzzymatching must be true or false");
                    }
                    fuzzy = v.equals("true");
                }
                case LIMIT -> {
                    limit = integer(name, single(name, values));
                    if (limit < 1 || limit > config.maxLimit()) {
                        throw invalid("limit must be between 1 and " + config.maxLimit());
                    }
                }
                case OFFSET -> {
                    offset = integer(name, single(name, values));
                    if (offset < 0) {
                        throw invalid("offset must not be negative");
                    }
                }
                default -> {
                    if (name.contains(".")) {
                        throw unsupported("query parameter \"" + abbreviate(name)
                                + "\": sequence matching is not supported");
                    }
                    Tagged attribute = attribute(name, "query parameter");
                    MatchingKey key = MatchingKey.byTag(attribute.tag()).orElseThrow(() -> unsupported(
                            "query parameter \"" + name + "\": " + attribute.display()
                                    + " is not supported as a matching key (use includefield to return it)"));
                    if (!key.level().isAtOrAbove(search.level())) {
                        throw unsupported("query parameter \"" + name + "\": " + attribute.display() + " is a "
                                + key.level().name().toLowerCase(Locale.ROOT) + "-level attribute, not a matching key of a "
                                + search.level().name().toLowerCase(Locale.ROOT) + " search");
                    }
                    if (!matchedTags.add(key.tag())) {
                        throw invalid("query parameter \"" + name + "\": " + attribute.display() + " is given more than once");
                    }
                    keys.add(Map.entry(key, single(name, values)));
                }
            }
        }

        List<SqlCondition> conditions = new ArrayList<>();
        for (Map.Entry<MatchingKey, String> entry : keys) {
            MatchingKey key = entry.getKey();
            try {
                key.matching().match(key.column(), key.fuzzyColumn(), entry.getValue(), fuzzy).ifPresent(conditions::add);
            } catch (IllegalArgumentException e) {
                throw invalid("value of " + AttributeDictionary.byTag(key.tag()).map(DicomAttribute::keyword).orElse(key.tag())
                        + ": " + e.getMessage());
            }
        }
        included.addAll(matchedTags);
        int effectiveLimit = limit != null ? limit : Math.min(config.defaultLimit(), config.maxLimit());
        return new QidoQuery(search, studyUID, seriesUID, conditions, included, includeAll, effectiveLimit, offset,
                limit != null);
    }

    /** An attribute named by keyword or tag. */
    private record Tagged(String tag, String display) {
    }

    private static Tagged attribute(String name, String what) {
        if (AttributeDictionary.isTag(name)) {
            String tag = name.toUpperCase(Locale.ROOT);
            return new Tagged(tag, AttributeDictionary.byTag(tag).map(a -> a.keyword() + " (" + tag + ")").orElse(tag));
        }
        Optional<DicomAttribute> byKeyword = AttributeDictionary.byKeyword(name);
        if (byKeyword.isEmpty()) {
            throw unsupported(what + " \"" + abbreviate(name) + "\" is not a supported parameter, attribute keyword or tag");
        }
        return new Tagged(byKeyword.get().tag(), byKeyword.get().keyword());
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw invalid("query parameter \"" + name + "\" is given more than once");
        }
        return values.get(0);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(name + " must be an integer");
        }
    }

    private static void checkPathUid(String uid, String what) {
        if (uid != null && !Uids.isValidStrict(uid)) {
            throw new ProblemException(400, INVALID, "Invalid query parameter", "the " + what
                    + " in the path is not a valid UID");
        }
    }

    private static String abbreviate(String s) {
        return Matching.abbreviate(s);
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(400, UNSUPPORTED, "Unsupported query parameter", detail);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, INVALID, "Invalid query parameter", detail);
    }
}

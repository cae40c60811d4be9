package org.irisimaging.studyindex.qido;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.attributes.Level;
import org.irisimaging.studyindex.jdbc.SqlQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL of a QIDO-RS search: one statement over the indexed columns of {@code study st},
 * {@code series se} and {@code instance i}, filtered by the caller's access condition and the
 * matching keys, ordered, limited. The database also builds each result's DICOM JSON object: the
 * returned members picked out of the jsonb columns, the computed ones (counts, ModalitiesInStudy)
 * and empty ones for asked-for attributes without value. Result columns: {@code result}, the object
 * as text (members in tag order), and {@code study}, the result's study (for the audit log).
 *
 * <p>Order: studies newest first (StudyDate, StudyTime, then latest registered); a study's series
 * by Series Number; a series' or study's instances by Series Number then Instance Number; searches
 * across studies for series or instances, latest registered first.
 */
public final class QidoSql {

    private static final Pattern TAG = Pattern.compile("[0-9A-F]{8}");

    private QidoSql() {
    }

    public static SqlQuery build(QidoQuery query, SqlCondition access) {
        return build(query, ReturnedAttributes.of(query), access);
    }

    static SqlQuery build(QidoQuery query, ReturnedAttributes returned, SqlCondition access) {
        Search search = query.search();
        Level level = search.level();
        List<Object> params = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        // empty members first: any value read below replaces them
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        returned.vrOfMissing().forEach((tag, vr) -> empty.putObject(tag).put("vr", vr));
        parts.add("?::jsonb");
        params.add(empty.toString());
        json("st.attributes", returned.allStudy(), returned.studyTags()).ifPresent(parts::add);
        if (level != Level.STUDY) {
            json("se.attributes", returned.allSeries(), returned.seriesTags()).ifPresent(parts::add);
        }
        if (level == Level.INSTANCE) {
            json("i.metadata", returned.allInstance(), returned.instanceTags()).ifPresent(parts::add);
        }
        computed(returned.computed(), level).ifPresent(parts::add);

        StringBuilder sql = new StringBuilder("select (").append(String.join("\n         || ", parts))
                .append(")::text as result,\n       st.study_instance_uid as study\n");
        sql.append(switch (level) {
            case STUDY -> "  from study st\n";
            case SERIES -> "  from series se\n  join study st on st.id = se.study_id\n";
            case INSTANCE -> "  from instance i\n  join series se on se.id = i.series_id\n  join study st on st.id = i.study_id\n";
        });
        sql.append(" where (").append(access.sql()).append(')');
        params.addAll(access.params());
        if (query.studyUID() != null) {
            sql.append("\n   and st.study_instance_uid = ?");
            params.add(query.studyUID());
        }
        if (query.seriesUID() != null) {
            sql.append("\n   and se.series_instance_uid = ?");
            params.add(query.seriesUID());
        }
        for (SqlCondition condition : query.conditions()) {
            sql.append("\n   and ").append(condition.sql());
            params.addAll(condition.params());
        }
        sql.append("\n order by ").append(switch (search) {
            case ALL_STUDIES -> "st.study_date desc nulls last, st.study_time desc nulls last, st.id desc";
            case STUDY_SERIES -> "se.series_number nulls last, se.id";
            case ALL_SERIES -> "se.id desc";
            case SERIES_INSTANCES -> "i.instance_number nulls last, i.id";
            case STUDY_INSTANCES -> "se.series_number nulls last, se.id, i.instance_number nulls last, i.id";
            case ALL_INSTANCES -> "i.id desc";
        });
        // One more than asked for: tells whether results were left out.
        sql.append("\n limit ? offset ?");
        params.add(query.limit() + 1);
        params.add(query.offset());
        return new SqlQuery(sql.toString(), params);
    }

    /** The whole jsonb column, or the listed members only, or nothing. */
    private static Optional<String> json(String column, boolean all, Set<String> tags) {
        if (all) {
            return Optional.of(column);
        }
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        String list = tags.stream().map(QidoSql::literal).collect(Collectors.joining(", "));
        return Optional.of("coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(" + column
                + ") e where e.key in (" + list + ")), '{}')");
    }

    /** The counts and ModalitiesInStudy asked for, computed from the maintained columns. */
    private static Optional<String> computed(Set<String> tags, Level level) {
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        List<String> members = new ArrayList<>();
        for (String tag : tags) {
            members.add(literal(tag));
            members.add(switch (tag) {
                case ReturnedAttributes.MODALITIES_IN_STUDY -> "case when cardinality(st.modalities_in_study) = 0"
                        + " then jsonb_build_object('vr', 'CS')"
                        + " else jsonb_build_object('vr', 'CS', 'Value', to_jsonb(st.modalities_in_study)) end";
                case ReturnedAttributes.NUMBER_OF_STUDY_RELATED_SERIES -> integerString("st.number_of_series");
                case ReturnedAttributes.NUMBER_OF_STUDY_RELATED_INSTANCES -> integerString("st.number_of_instances");
                case ReturnedAttributes.NUMBER_OF_SERIES_RELATED_INSTANCES -> integerString("se.number_of_instances");
                case ReturnedAttributes.INSTANCE_AVAILABILITY -> availability(switch (level) {
                    case STUDY -> "st.availability = 'AVAILABLE'";
                    // The series' own instances, looked up per row in the partial index of those still
                    // waiting (by study); a scalar subquery with limit, since an EXISTS here may be
                    // planned as a hash of every waiting instance.
                    case SERIES -> "(st.availability = 'AVAILABLE' or (select 1 from instance w"
                            + " where w.study_id = st.id and w.series_id = se.id and w.availability = 'RECEIVED'"
                            + " limit 1) is null)";
                    case INSTANCE -> "i.availability = 'AVAILABLE'";
                });
                default -> throw new IllegalStateException("not a computed attribute: " + tag);
            });
        }
        return Optional.of("jsonb_build_object(" + String.join(", ", members) + ")");
    }

    /**
     * Instance Availability (PS3.4 C.4.23.1.1): ONLINE once the pixel data is stored as it will be
     * served (every instance of the study, of the series, or the instance), NEARLINE while a
     * rendition is still running.
     */
    private static String availability(String online) {
        return "jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array(case when " + online
                + " then 'ONLINE' else 'NEARLINE' end))";
    }

    /** An IS attribute with one number (DICOM JSON: IS values are JSON numbers). */
    private static String integerString(String column) {
        return "jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(" + column + "))";
    }

    /** A tag as an SQL literal; tags are checked to be 8 hexadecimal digits, so nothing else gets in. */
    private static String literal(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("not a tag: " + tag);
        }
        return "'" + tag + "'";
    }
}

package org.irisimaging.studyindex.mypatients;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Prescribers;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.studyindex.jdbc.JdbcParameters;
import org.irisimaging.studyindex.jdbc.SqlQuery;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prescriber's list in one statement: the caller's prescribed studies (which they may also
 * see: {@link StudyAccess} applies, so future restrictions such as oppositions apply here too),
 * grouped by platform patient, each described by its latest study.
 */
@ApplicationScoped
public class MyPatientsRepository {

    private final DataSource dataSource;
    private final StudyAccess access;

    MyPatientsRepository(DataSource dataSource, StudyAccess access) {
        this.dataSource = dataSource;
        this.access = access;
    }

    MyPatient.Page list(Caller caller, MyPatientsQuery query) throws SQLException {
        if (caller.idNatPs() == null) {
            return new MyPatient.Page(0, query.offset(), query.limit(), List.of());
        }
        SqlCondition prescribed = Prescribers.prescribedBy(caller.idNatPs(), "st");
        SqlCondition visible = access.visibleStudies(caller, "st");
        SqlQuery page = listQuery(caller.subject(), prescribed, visible, query);
        List<MyPatient> patients = new ArrayList<>();
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(page.sql())) {
            JdbcParameters.bind(c, s, page.params());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int unread = rs.getInt("unread_studies");
                    patients.add(new MyPatient(rs.getLong("patient"), rs.getString("patient_name"),
                            rs.getString("patient_id"), rs.getString("issuer_of_patient_id"),
                            rs.getObject("patient_birth_date", LocalDate.class), rs.getString("study_instance_uid"),
                            rs.getObject("study_date", LocalDate.class), strings(rs.getArray("modalities_in_study")),
                            rs.getString("study_description"), rs.getInt("studies"), unread, unread > 0));
                    total = rs.getLong("total");
                }
            }
            if (patients.isEmpty() && query.offset() > 0) {
                SqlQuery count = countQuery(caller.subject(), prescribed, visible, query);
                try (PreparedStatement cs = c.prepareStatement(count.sql())) {
                    JdbcParameters.bind(c, cs, count.params());
                    try (ResultSet rs = cs.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
            }
        }
        return new MyPatient.Page(total, query.offset(), query.limit(), patients);
    }

    /**
     * The statement of one page: the studies of {@code prescribed} that are {@code visible} (alias
     * {@code st}) and meet the query's study filters, one row per platform patient (its latest such
     * study, the counts of such studies, and the number of rows in {@code total}), in the query's
     * order. Read marks are those of {@code practitioner}. Only the page's rows read the studies'
     * DICOM JSON (for the name as sent); the order uses columns.
     */
    public static SqlQuery listQuery(String practitioner, SqlCondition prescribed, SqlCondition visible,
                                     MyPatientsQuery query) {
        List<Object> params = new ArrayList<>();
        String rows = rows(practitioner, prescribed, visible, query, params);
        String order = order(query);
        params.add(query.limit());
        params.add(query.offset());
        return new SqlQuery(rows + """
                , page as (
                    select r.*, count(*) over () as total
                      from per_patient r
                     where %s
                     order by %s
                     limit ? offset ?
                )
                select r.patient, r.studies, r.unread_studies, r.total, st.study_instance_uid, st.study_date,
                       st.modalities_in_study, st.study_description, st.patient_birth_date, st.patient_id,
                       st.issuer_of_patient_id,
                       st.attributes -> '00100010' -> 'Value' -> 0 ->> 'Alphabetic' as patient_name
                  from page r
                  join study st on st.id = r.id
                 order by %s
                """.formatted(rowFilter(query), order, order), params);
    }

    /** How many rows the list has under {@code query} (for a page past its end). */
    static SqlQuery countQuery(String practitioner, SqlCondition prescribed, SqlCondition visible,
                               MyPatientsQuery query) {
        List<Object> params = new ArrayList<>();
        String rows = rows(practitioner, prescribed, visible, query, params);
        return new SqlQuery(rows + " select count(*) from per_patient r where " + rowFilter(query), params);
    }

    /**
     * The common part: {@code mine} (the selected studies, light columns only) and
     * {@code per_patient} (each patient's latest selected study with the counts; nth = 1).
     */
    private static String rows(String practitioner, SqlCondition prescribed, SqlCondition visible,
                               MyPatientsQuery query, List<Object> params) {
        params.add(practitioner);
        params.addAll(prescribed.params());
        params.addAll(visible.params());
        StringBuilder filters = new StringBuilder();
        if (!query.modalities().isEmpty()) {
            filters.append(" and st.modalities_in_study && ?::text[]");
            params.add(query.modalities());
        }
        if (query.from() != null) {
            filters.append(" and st.study_date >= ?");
            params.add(query.from());
        }
        if (query.to() != null) {
            filters.append(" and st.study_date <= ?");
            params.add(query.to());
        }
        if (query.nameWords() != null) {
            if (query.nameWords().isEmpty()) {
                filters.append(" and false"); // a search with no word in it matches no name
            } else {
                filters.append(" and st.patient_name_words @> ?::text[]");
                params.add(query.nameWords());
            }
        }
        if (query.birthDate() != null) {
            filters.append(" and st.patient_birth_date = ?");
            params.add(query.birthDate());
        }
        return """
                with mine as (
                    select st.id, sp.platform_patient_id as patient, st.study_date, st.study_time,
                           st.patient_name_upper, st.patient_birth_date,
                           not exists (select 1 from study_read r
                                        where r.practitioner = ? and r.study_id = st.id) as unread
                      from study st
                      join site_patient sp on sp.id = st.site_patient_id
                     where (%s) and (%s)%s
                ),
                ranked as (
                    select m.*,
                           row_number() over (partition by m.patient
                                              order by m.study_date desc nulls last, m.study_time desc nulls last,
                                                       m.id desc) as nth,
                           count(*) over (partition by m.patient) as studies,
                           count(*) filter (where m.unread) over (partition by m.patient) as unread_studies
                      from mine m
                ),
                per_patient as (
                    select k.*,
                           -- the name without accents, for an order where É sorts with E
                           regexp_replace(normalize(k.patient_name_upper, NFD), '[\\u0300-\\u036f]', '', 'g')
                               as name_key
                      from ranked k
                     where k.nth = 1
                )
                """.formatted(prescribed.sql(), visible.sql(), filters);
    }

    private static String rowFilter(MyPatientsQuery query) {
        return query.unreadOnly() ? "r.unread_studies > 0" : "true";
    }

    /** One of the fixed orders (never text from the request), the patient id last so pages are stable. */
    private static String order(MyPatientsQuery query) {
        String dir = query.descending() ? "desc" : "asc";
        String latest = "r.study_date desc nulls last, r.study_time desc nulls last";
        return switch (query.sort()) {
            case PATIENT_NAME -> "r.name_key " + dir + " nulls last, r.patient_name_upper " + dir + " nulls last, "
                    + latest + ", r.patient " + dir;
            case PATIENT_BIRTH_DATE -> "r.patient_birth_date " + dir + " nulls last, r.name_key asc nulls last, "
                    + latest + ", r.patient " + dir;
            case LATEST_STUDY_DATE -> "r.study_date " + dir + " nulls last, r.study_time " + dir + " nulls last, r.id "
                    + dir + ", r.patient " + dir;
            case STUDIES -> "r.studies " + dir + ", " + latest + ", r.patient " + dir;
            case UNREAD -> "r.unread_studies " + dir + ", " + latest + ", r.patient " + dir;
        };
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

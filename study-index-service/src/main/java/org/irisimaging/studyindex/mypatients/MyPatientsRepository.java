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

    MyPatient.Page list(Caller caller, int limit, int offset) throws SQLException {
        if (caller.idNatPs() == null) {
            return new MyPatient.Page(0, offset, limit, List.of());
        }
        SqlQuery page = listQuery(caller.subject(), Prescribers.prescribedBy(caller.idNatPs(), "st"),
                access.visibleStudies(caller, "st"), limit, offset);
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
            if (patients.isEmpty() && offset > 0) {
                total = count(c, page);
            }
        }
        return new MyPatient.Page(total, offset, limit, patients);
    }

    /**
     * The statement of one page: the studies of {@code prescribed} that are {@code visible} (alias
     * {@code st}), one row per platform patient (its latest study, the counts, and the number of
     * patients in {@code total}), latest study first. Read marks are those of {@code practitioner}.
     */
    public static SqlQuery listQuery(String practitioner, SqlCondition prescribed, SqlCondition visible, int limit,
                                     int offset) {
        List<Object> params = new ArrayList<>();
        params.add(practitioner);
        params.addAll(prescribed.params());
        params.addAll(visible.params());
        params.add(limit);
        params.add(offset);
        return new SqlQuery("""
                with mine as (
                    select st.id, sp.platform_patient_id as patient, st.study_instance_uid, st.study_date,
                           st.study_time, st.modalities_in_study, st.study_description, st.patient_birth_date,
                           st.patient_id, st.issuer_of_patient_id,
                           st.attributes -> '00100010' -> 'Value' -> 0 ->> 'Alphabetic' as patient_name,
                           not exists (select 1 from study_read r
                                        where r.practitioner = ? and r.study_id = st.id) as unread
                      from study st
                      join site_patient sp on sp.id = st.site_patient_id
                     where (%s) and (%s)
                ),
                per_patient as (
                    select m.*,
                           row_number() over (partition by m.patient
                                              order by m.study_date desc nulls last, m.study_time desc nulls last,
                                                       m.id desc) as nth,
                           count(*) over (partition by m.patient) as studies,
                           count(*) filter (where m.unread) over (partition by m.patient) as unread_studies
                      from mine m
                )
                select patient, patient_name, patient_id, issuer_of_patient_id, patient_birth_date,
                       study_instance_uid, study_date, modalities_in_study, study_description, studies,
                       unread_studies, count(*) over () as total
                  from per_patient
                 where nth = 1
                 order by study_date desc nulls last, study_time desc nulls last, id desc
                 limit ? offset ?
                """.formatted(prescribed.sql(), visible.sql()), params);
    }

    /** How many patients the list has (for a page past its end). */
    private static long count(Connection c, SqlQuery page) throws SQLException {
        String sql = "select count(*) from (" + page.sql().substring(0, page.sql().lastIndexOf(" order by"))
                + ") p";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            JdbcParameters.bind(c, s, page.params().subList(0, page.params().size() - 2));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

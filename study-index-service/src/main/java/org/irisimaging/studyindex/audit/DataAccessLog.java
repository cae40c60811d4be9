package org.irisimaging.studyindex.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.jdbc.JdbcParameters;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the audit log for administrators: the accesses to a study or to a patient's studies,
 * restricted to the studies the reader may see ({@code StudyAccess}: a site administrator reads the
 * accesses to their establishments' studies, a platform administrator all).
 */
@ApplicationScoped
public class DataAccessLog {

    private final DataSource dataSource;

    DataAccessLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Accesses to one study, newest first. */
    public List<AuditRecord> ofStudy(String studyInstanceUID, SqlCondition visible, int limit) throws SQLException {
        return list("ae.study_instance_uid = ?", List.of(studyInstanceUID), visible, limit);
    }

    /**
     * Accesses to the studies of a patient as a site identifies them (PatientID, and
     * IssuerOfPatientID when given), newest first.
     */
    public List<AuditRecord> ofPatient(String patientId, String issuer, SqlCondition visible, int limit)
            throws SQLException {
        if (issuer == null) {
            return list("ae.patient_id = ?", List.of(patientId), visible, limit);
        }
        return list("ae.patient_id = ? and ae.issuer_of_patient_id = ?", List.of(patientId, issuer), visible, limit);
    }

    /** One line: any data access on a study the reader may see, or (platform administrators) any line. */
    public Optional<AuditRecord> find(long id, SqlCondition visible) throws SQLException {
        List<AuditRecord> found = query("select " + AuditRecord.COLUMNS + """

                  from audit_event ae
                  left join study st on st.study_instance_uid = ae.study_instance_uid
                 where ae.id = ? and (""" + visible.sql() + ")", prepend(id, visible.params()));
        return found.stream().findFirst();
    }

    private List<AuditRecord> list(String condition, List<Object> params, SqlCondition visible, int limit)
            throws SQLException {
        List<Object> all = new ArrayList<>(params);
        all.addAll(visible.params());
        all.add(limit);
        return query("select " + AuditRecord.COLUMNS + """

                  from audit_event ae
                  left join study st on st.study_instance_uid = ae.study_instance_uid
                 where\s""" + condition + " and (" + visible.sql() + """
                )
                 order by ae.occurred_at desc, ae.id desc
                 limit ?""", all);
    }

    private List<AuditRecord> query(String sql, List<Object> params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            JdbcParameters.bind(c, s, params);
            List<AuditRecord> records = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    records.add(AuditRecord.of(rs));
                }
            }
            return records;
        }
    }

    private static List<Object> prepend(Object first, List<Object> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}

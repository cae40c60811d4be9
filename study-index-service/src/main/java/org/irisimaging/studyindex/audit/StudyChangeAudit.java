package org.irisimaging.studyindex.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.baseline.problem.ProblemException;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Writes {@link StudyChanged} events to the audit log, with the study's patient as the index knows
 * it once the change is made. Inside the caller's transaction when there is one (an administrator's
 * change and its audit line commit together); fails closed with 503 when the line cannot be written.
 */
@ApplicationScoped
public class StudyChangeAudit {

    private static final Logger LOG = Logger.getLogger(StudyChangeAudit.class);

    private final DataSource dataSource;

    StudyChangeAudit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onChange(@Observes StudyChanged change) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into audit_event (event_id, occurred_at, action, outcome, actor, client_id,
                                              remote_address, endpoint, failure_reason, detail,
                                              study_instance_uid, patient_id, issuer_of_patient_id)
                     select gen_random_uuid()::text, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, st.patient_id, st.issuer_of_patient_id
                       from (select ?::text as uid) asked
                       left join study st on st.study_instance_uid = asked.uid
                     """)) {
            AccessChannel how = change.how();
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            s.setString(2, change.action().code());
            s.setString(3, change.succeeded() ? "SUCCEEDED" : "FAILED");
            s.setString(4, change.actor());
            s.setString(5, how == null ? null : how.clientId());
            s.setString(6, how == null ? null : how.remoteAddress());
            s.setString(7, how == null ? null : how.endpoint());
            s.setString(8, change.reason());
            s.setString(9, change.detail());
            s.setString(10, change.studyInstanceUID());
            s.setString(11, change.studyInstanceUID());
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.errorf(e, "A study change (%s of %s) could not be audited", change.action().code(),
                    change.studyInstanceUID());
            throw new ProblemException(503, "audit-unavailable", "Audit log unavailable",
                    "the change could not be recorded in the audit log; try again later");
        }
    }
}

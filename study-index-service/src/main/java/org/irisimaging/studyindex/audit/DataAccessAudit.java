package org.irisimaging.studyindex.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.studyindex.access.Caller;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Writes every data access to the audit log: the one seam through which searches, metadata,
 * retrievals, rendered images, exports and downloads are recorded (raised as {@link DataAccessed}
 * or, for a search's many studies, {@link #recordAll}). The patient is looked up from the study in
 * the same statement, so an audit line names the patient as the index knew them at that moment.
 *
 * <p>The write is synchronous and fails closed: data whose access could not be recorded is not
 * served (503). Identical accesses (same caller, action, study, outcome and client) within
 * {@code iris.audit.repeat-window} are folded into one line whose {@code repeat_count} grows: a viewer
 * reading a study's 500 frames leaves one line, not 500.
 */
@ApplicationScoped
public class DataAccessAudit {

    private static final Logger LOG = Logger.getLogger(DataAccessAudit.class);
    private static final int MAX_ENDPOINT_LENGTH = 2000;

    private final DataSource dataSource;
    private final AuditConfig config;

    DataAccessAudit(DataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onAccess(@Observes DataAccessed access) {
        List<String> studies = new ArrayList<>(1);
        studies.add(access.studyInstanceUID());
        recordAll(access.caller(), access.action(), studies, access.how(), access.succeeded());
    }

    /**
     * Records one access per study of {@code studies} (a null element: an access that concerned no
     * known study, e.g. a search that matched nothing).
     */
    public void recordAll(Caller caller, AccessAction action, Collection<String> studies, AccessChannel how,
                          boolean succeeded) {
        Collection<String> distinct = new LinkedHashSet<>(studies);
        if (distinct.isEmpty()) {
            distinct.add(null);
        }
        String outcome = succeeded ? "SUCCEEDED" : "FAILED";
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp windowStart = Timestamp.from(now.toInstant().minus(config.repeatWindow()));
        try (Connection c = dataSource.getConnection();
             PreparedStatement repeat = c.prepareStatement("""
                     update audit_event set repeat_count = repeat_count + 1, last_occurred_at = ?
                      where id = (select id from audit_event
                                   where actor is not distinct from ? and action = ? and outcome = ?
                                     and study_instance_uid = ? and client_id is not distinct from ?
                                     and occurred_at >= ?
                                   order by occurred_at desc limit 1)
                     """);
             PreparedStatement insert = c.prepareStatement("""
                     insert into audit_event (event_id, occurred_at, action, outcome, actor, client_id,
                                              remote_address, endpoint, study_instance_uid, patient_id,
                                              issuer_of_patient_id)
                     select ?, ?, ?, ?, ?, ?, ?, ?, ?::text, st.patient_id, st.issuer_of_patient_id
                       from (select 1) one
                       left join study st on st.study_instance_uid = ?::text
                     """)) {
            for (String study : distinct) {
                if (study != null && config.repeatWindow().isPositive()) {
                    repeat.setTimestamp(1, now);
                    repeat.setString(2, caller.subject());
                    repeat.setString(3, action.code());
                    repeat.setString(4, outcome);
                    repeat.setString(5, study);
                    repeat.setString(6, how.clientId());
                    repeat.setTimestamp(7, windowStart);
                    if (repeat.executeUpdate() == 1) {
                        continue;
                    }
                }
                insert.setString(1, UUID.randomUUID().toString());
                insert.setTimestamp(2, now);
                insert.setString(3, action.code());
                insert.setString(4, outcome);
                insert.setString(5, caller.subject());
                insert.setString(6, how.clientId());
                insert.setString(7, how.remoteAddress());
                insert.setString(8, truncate(how.endpoint()));
                insert.setString(9, study);
                insert.setString(10, study);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            LOG.errorf(e, "A data access (%s by %s) could not be audited; it is refused", action.code(),
                    caller.subject());
            throw new ProblemException(503, "audit-unavailable", "Audit log unavailable",
                    "the access could not be recorded in the audit log; try again later");
        }
    }

    private static String truncate(String endpoint) {
        if (endpoint == null || endpoint.length() <= MAX_ENDPOINT_LENGTH) {
            return endpoint;
        }
        return endpoint.substring(0, MAX_ENDPOINT_LENGTH);
    }
}

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
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(studies));
        if (distinct.isEmpty()) {
            distinct.add(null);
        }
        Instant now = Instant.now();
        // One statement whatever the number of studies (a search returns up to its limit): folds
        // into the lines of the repeat window, inserts the others with their patient.
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     with asked as (select unnest(?::text[]) as study),
                     repeated as (
                         update audit_event ae
                            set repeat_count = repeat_count + 1, last_occurred_at = ?
                          where ae.id in (select distinct on (a.study_instance_uid) a.id
                                            from audit_event a
                                            join asked on asked.study = a.study_instance_uid
                                           where a.occurred_at >= ? and a.action = ? and a.outcome = ?
                                             and a.actor is not distinct from ?
                                             and a.client_id is not distinct from ?
                                           order by a.study_instance_uid, a.occurred_at desc)
                         returning ae.study_instance_uid
                     )
                     insert into audit_event (event_id, occurred_at, action, outcome, actor, client_id,
                                              remote_address, endpoint, study_instance_uid, patient_id,
                                              issuer_of_patient_id)
                     select gen_random_uuid()::text, ?, ?, ?, ?, ?, ?, ?, asked.study, st.patient_id,
                            st.issuer_of_patient_id
                       from asked
                       left join study st on st.study_instance_uid = asked.study
                      where asked.study is null
                         or asked.study not in (select study_instance_uid from repeated)
                     """)) {
            String outcome = succeeded ? "SUCCEEDED" : "FAILED";
            Timestamp at = Timestamp.from(now);
            // a zero window folds nothing: the window starts after now
            Timestamp windowStart = Timestamp.from(config.repeatWindow().isPositive()
                    ? now.minus(config.repeatWindow()) : now.plusSeconds(1));
            s.setArray(1, c.createArrayOf("text", distinct.toArray()));
            s.setTimestamp(2, at);
            s.setTimestamp(3, windowStart);
            s.setString(4, action.code());
            s.setString(5, outcome);
            s.setString(6, caller.subject());
            s.setString(7, how.clientId());
            s.setTimestamp(8, at);
            s.setString(9, action.code());
            s.setString(10, outcome);
            s.setString(11, caller.subject());
            s.setString(12, how.clientId());
            s.setString(13, how.remoteAddress());
            s.setString(14, truncate(how.endpoint()));
            s.executeUpdate();
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

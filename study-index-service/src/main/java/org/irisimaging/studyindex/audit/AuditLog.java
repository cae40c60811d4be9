package org.irisimaging.studyindex.audit;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.irisimaging.events.SignInAttempted;
import org.irisimaging.events.SignedOut;

import java.util.List;

/** Writes and reads the audit log. Recording is idempotent on the event id. */
@ApplicationScoped
public class AuditLog {

    public static final String SIGN_IN = "sign-in";
    /** A session ended at its owner's request (identity-service's SignedOut). */
    public static final String SIGN_OUT = "sign-out";

    private final EntityManager em;

    AuditLog(EntityManager em) {
        this.em = em;
    }

    /** Records a sign-in; a redelivered event (same id) is ignored. Returns whether it was new. */
    @Transactional
    public boolean recordSignIn(String eventId, SignInAttempted event) {
        int inserted = em.createNativeQuery("""
                insert into audit_event (event_id, occurred_at, action, outcome, actor, client_id, method,
                                         failure_reason, remote_address)
                values (:eventId, :occurredAt, :action, :outcome, :actor, :clientId, :method, :reason, :remote)
                on conflict (event_id) do nothing
                """)
                .setParameter("eventId", eventId)
                .setParameter("occurredAt", event.occurredAt())
                .setParameter("action", SIGN_IN)
                .setParameter("outcome", event.outcome().name())
                .setParameter("actor", event.subject())
                .setParameter("clientId", event.clientId())
                .setParameter("method", event.method())
                .setParameter("reason", event.failureReason())
                .setParameter("remote", event.remoteAddress())
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Records a sign-out (method: how it was made, {@code logout} or {@code session_signed_out};
     * client: the applications of the session; detail: the session); a redelivered event is ignored.
     */
    @Transactional
    public boolean recordSignOut(String eventId, SignedOut event) {
        int inserted = em.createNativeQuery("""
                insert into audit_event (event_id, occurred_at, action, outcome, actor, client_id, method,
                                         remote_address, detail)
                values (:eventId, :occurredAt, :action, 'SUCCEEDED', :actor, :clientId, :method, :remote, :detail)
                on conflict (event_id) do nothing
                """)
                .setParameter("eventId", eventId)
                .setParameter("occurredAt", event.occurredAt())
                .setParameter("action", SIGN_OUT)
                .setParameter("actor", event.subject())
                .setParameter("clientId", event.clients().isEmpty() ? null : String.join(",", event.clients()))
                .setParameter("method", event.reason())
                .setParameter("remote", event.remoteAddress())
                .setParameter("detail", "session " + event.sessionId())
                .executeUpdate();
        return inserted == 1;
    }

    /** Latest sign-ins, newest first, optionally for one subject. */
    public List<AuditEvent> signIns(String actor, int limit) {
        return latest(SIGN_IN, actor, limit);
    }

    /** Latest sign-outs, newest first, optionally for one subject. */
    public List<AuditEvent> signOuts(String actor, int limit) {
        return latest(SIGN_OUT, actor, limit);
    }

    private static List<AuditEvent> latest(String action, String actor, int limit) {
        Sort newestFirst = Sort.descending("occurredAt", "id");
        if (actor == null) {
            return AuditEvent.find("action = :action", newestFirst, Parameters.with("action", action))
                    .page(Page.ofSize(limit)).list();
        }
        return AuditEvent.find("action = :action and actor = :actor", newestFirst,
                        Parameters.with("action", action).and("actor", actor))
                .page(Page.ofSize(limit)).list();
    }
}

package org.irisimaging.studyindex.audit;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.irisimaging.events.SignInAttempted;

import java.util.List;

/** Writes and reads the audit log. Recording is idempotent on the event id. */
@ApplicationScoped
public class AuditLog {

    public static final String SIGN_IN = "sign-in";

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

    /** Latest sign-ins, newest first, optionally for one subject. */
    public List<AuditEvent> signIns(String actor, int limit) {
        Sort newestFirst = Sort.descending("occurredAt", "id");
        if (actor == null) {
            return AuditEvent.find("action = :action", newestFirst, Parameters.with("action", SIGN_IN))
                    .page(Page.ofSize(limit)).list();
        }
        return AuditEvent.find("action = :action and actor = :actor", newestFirst,
                        Parameters.with("action", SIGN_IN).and("actor", actor))
                .page(Page.ofSize(limit)).list();
    }
}

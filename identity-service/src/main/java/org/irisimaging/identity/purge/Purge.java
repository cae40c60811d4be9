package org.irisimaging.identity.purge;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.irisimaging.identity.IdentityConfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * Deletes what finished or abandoned sign-ins leave behind, in batches of at most
 * {@code iris.identity.purge.batch-size} rows, each batch in its own short transaction that skips
 * rows a request in progress has locked:
 * <ul>
 * <li>one-time codes: the digest of an expired code is cleared at once (the session keeps the
 * expiry, so the page still says that the code has expired);</li>
 * <li>authorization codes never exchanged, or whose exchange failed, {@code retention} after their
 * expiry; an exchanged code stays as long as the refresh tokens issued from it, so that replaying
 * it still revokes them;</li>
 * <li>refresh token families revoked more than {@code retention} ago, with their refresh tokens
 * and the code they came from;</li>
 * <li>browser sessions ended, idle or past their absolute lifetime for more than
 * {@code retention}, with their codes, refresh token families and tokens (a family is worthless
 * once its session is over).</li>
 * </ul>
 * Live rows are never touched: the session limits are those of {@code Sessions.isLive}.
 */
@ApplicationScoped
public class Purge {

    private final EntityManager em;
    private final IdentityConfig.Session session;
    private final IdentityConfig.Purge settings;

    Purge(EntityManager em, IdentityConfig config) {
        this.em = em;
        this.session = config.session();
        this.settings = config.purge();
    }

    /** What one run removed (one-time codes: digests cleared). */
    public record Result(int oneTimeCodes, int authorizationCodes, int refreshTokenFamilies, int refreshTokens,
                         int sessions) {

        public int total() {
            return oneTimeCodes + authorizationCodes + refreshTokenFamilies + refreshTokens + sessions;
        }
    }

    /** One purge as of {@code now}. */
    public Result run(Instant now) {
        int batch = settings.batchSize();
        Instant cutoff = now.minus(settings.retention());
        Counts counts = new Counts();

        counts.oneTimeCodes = inBatches(batch, () -> em.createNativeQuery("""
                        update browser_session set otp_hash = null
                        where id in (select id from browser_session
                                     where otp_hash is not null and otp_expires_at < :now
                                     limit :batch for update skip locked)""")
                .setParameter("now", now)
                .setParameter("batch", batch)
                .executeUpdate());

        counts.authorizationCodes = inBatches(batch, () -> em.createNativeQuery("""
                        delete from authorization_code
                        where code_hash in (select code_hash from authorization_code
                                            where token_family_id is null and expires_at < :cutoff
                                            limit :batch for update skip locked)""")
                .setParameter("cutoff", cutoff)
                .setParameter("batch", batch)
                .executeUpdate());

        inBatches(batch, () -> {
            List<UUID> families = ids("""
                    select id from refresh_token_family
                    where revoked_at < :cutoff
                    limit :batch for update skip locked""", Map.of("cutoff", cutoff, "batch", batch));
            if (!families.isEmpty()) {
                counts.refreshTokens += delete("delete from refresh_token where family_id in (:ids)", families);
                counts.authorizationCodes += delete("delete from authorization_code where token_family_id in (:ids)",
                        families);
                counts.refreshTokenFamilies += delete("delete from refresh_token_family where id in (:ids)", families);
            }
            return families.size();
        });

        counts.sessions = inBatches(batch, () -> {
            List<UUID> sessions = ids("""
                    select id from browser_session
                    where ended_at < :cutoff
                       or (ended_at is null and last_seen_at < :idleCutoff)
                       or (ended_at is null and created_at < :lifetimeCutoff
                           and coalesce(authenticated_at, created_at) < :lifetimeCutoff)
                    limit :batch for update skip locked""", Map.of(
                    "cutoff", cutoff,
                    "idleCutoff", cutoff.minus(session.idleTimeout()),
                    "lifetimeCutoff", cutoff.minus(session.maxLifetime()),
                    "batch", batch));
            if (!sessions.isEmpty()) {
                counts.refreshTokens += delete("""
                        delete from refresh_token
                        where family_id in (select id from refresh_token_family where session_id in (:ids))""",
                        sessions);
                counts.authorizationCodes += delete("delete from authorization_code where session_id in (:ids)",
                        sessions);
                counts.refreshTokenFamilies += delete("delete from refresh_token_family where session_id in (:ids)",
                        sessions);
                delete("delete from browser_session where id in (:ids)", sessions);
            }
            return sessions.size();
        });
        return new Result(counts.oneTimeCodes, counts.authorizationCodes, counts.refreshTokenFamilies,
                counts.refreshTokens, counts.sessions);
    }

    private static final class Counts {
        int oneTimeCodes;
        int authorizationCodes;
        int refreshTokenFamilies;
        int refreshTokens;
        int sessions;
    }

    @SuppressWarnings("unchecked")
    private List<UUID> ids(String sql, Map<String, Object> parameters) {
        var query = em.createNativeQuery(sql, UUID.class);
        parameters.forEach(query::setParameter);
        return query.getResultList();
    }

    private int delete(String sql, List<UUID> ids) {
        return em.createNativeQuery(sql).setParameter("ids", ids).executeUpdate();
    }

    /** Runs {@code oneBatch} in a transaction of its own until a batch handles fewer than {@code batch} rows. */
    private static int inBatches(int batch, IntSupplier oneBatch) {
        int total = 0;
        int done;
        do {
            done = QuarkusTransaction.requiringNew().call(oneBatch::getAsInt);
            total += done;
        } while (done >= batch);
        return total;
    }
}

package org.irisimaging.identity.purge;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.irisimaging.identity.IdentityConfig;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@link Purge} every {@code iris.identity.purge.interval} (quarkus-scheduler); a run still
 * going when the next is due makes that one skip.
 * Several replicas may purge at the same time: each batch skips the rows another one has locked.
 */
@ApplicationScoped
public class PurgeSchedule {

    private static final Logger LOG = Logger.getLogger(PurgeSchedule.class);

    private final Purge purge;
    private final IdentityConfig.Purge settings;
    private final AtomicLong runs = new AtomicLong();

    PurgeSchedule(Purge purge, IdentityConfig config) {
        this.purge = purge;
        this.settings = config.purge();
    }

    /** Refuses to start on settings the purge cannot run with, rather than failing every run. */
    void check(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            LOG.info("Purge of ended sessions, codes and refresh tokens is disabled (iris.identity.purge.enabled)");
            return;
        }
        if (settings.interval().isNegative() || settings.interval().isZero() || settings.batchSize() < 1
                || settings.retention().isNegative()) {
            throw new IllegalStateException("iris.identity.purge: interval must be positive, batch-size at least 1"
                    + " and retention not negative");
        }
    }

    /** Completed runs since startup. */
    public long runs() {
        return runs.get();
    }

    @Scheduled(identity = "identity-purge", every = "${iris.identity.purge.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void runOnce() {
        try {
            Purge.Result result = purge.run(Instant.now());
            if (result.total() > 0) {
                LOG.debugf("Purged %d one-time codes, %d authorization codes, %d refresh token families, "
                                + "%d refresh tokens, %d sessions", result.oneTimeCodes(), result.authorizationCodes(),
                        result.refreshTokenFamilies(), result.refreshTokens(), result.sessions());
            }
        } catch (RuntimeException e) {
            // The scheduler would log it too; this says what failed and that the next run retries.
            LOG.warnf(e, "Purge of ended sessions, codes and refresh tokens failed; retrying in %s",
                    settings.interval());
        } finally {
            runs.incrementAndGet();
        }
    }

    /** Skips every run when {@code iris.identity.purge.enabled=false}. */
    @Singleton
    static class Disabled implements Scheduled.SkipPredicate {

        private final boolean enabled;

        Disabled(IdentityConfig config) {
            this.enabled = config.purge().enabled();
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !enabled;
        }
    }
}

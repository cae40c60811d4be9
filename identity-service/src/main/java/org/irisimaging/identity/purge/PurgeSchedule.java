package org.irisimaging.identity.purge;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.identity.IdentityConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@link Purge} every {@code iris.identity.purge.interval} on a single daemon thread, the
 * first time one minute after startup (or after the interval when it is shorter). A small
 * scheduled executor rather than quarkus-scheduler, which is not among the project's dependencies.
 * Several replicas may purge at the same time: each batch skips the rows another one has locked.
 */
@ApplicationScoped
public class PurgeSchedule {

    private static final Logger LOG = Logger.getLogger(PurgeSchedule.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);

    private final Purge purge;
    private final IdentityConfig.Purge settings;
    private final AtomicLong runs = new AtomicLong();
    private ScheduledExecutorService executor;

    PurgeSchedule(Purge purge, IdentityConfig config) {
        this.purge = purge;
        this.settings = config.purge();
    }

    void start(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            LOG.info("Purge of ended sessions, codes and refresh tokens is disabled (iris.identity.purge.enabled)");
            return;
        }
        if (settings.interval().isNegative() || settings.interval().isZero() || settings.batchSize() < 1
                || settings.retention().isNegative()) {
            throw new IllegalStateException("iris.identity.purge: interval must be positive, batch-size at least 1"
                    + " and retention not negative");
        }
        long interval = settings.interval().toMillis();
        long first = Math.min(interval, FIRST_RUN.toMillis());
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "identity-purge");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, first, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Completed runs since startup. */
    public long runs() {
        return runs.get();
    }

    private void runOnce() {
        try {
            Purge.Result result = purge.run(Instant.now());
            if (result.total() > 0) {
                LOG.debugf("Purged %d one-time codes, %d authorization codes, %d refresh token families, "
                                + "%d refresh tokens, %d sessions", result.oneTimeCodes(), result.authorizationCodes(),
                        result.refreshTokenFamilies(), result.refreshTokens(), result.sessions());
            }
        } catch (RuntimeException e) {
            // Never let an exception cancel the schedule; the next run tries again.
            LOG.warnf(e, "Purge of ended sessions, codes and refresh tokens failed; retrying in %s",
                    settings.interval());
        } finally {
            runs.incrementAndGet();
        }
    }
}

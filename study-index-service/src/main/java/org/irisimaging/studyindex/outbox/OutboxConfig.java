package org.irisimaging.studyindex.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the transactional outbox is relayed to Kafka. */
@ConfigMapping(prefix = "iris.outbox")
public interface OutboxConfig {

    /** {@code iris.outbox.batch-size}: events sent per relay transaction. */
    @WithDefault("200")
    int batchSize();

    /**
     * {@code iris.outbox.sweep-interval}: how often the relay looks for events nobody woke it for
     * (left by a crash, or by another replica); new events are relayed at once after their commit.
     */
    @WithDefault("PT1S")
    Duration sweepInterval();

    /**
     * {@code iris.outbox.batch-window}: pause after each relay pass, so that events committed
     * meanwhile go out together (fewer transactions under load) at the cost of this much latency.
     * 0.1 s: during a 100-instances-a-second ingest, one relay transaction and one Kafka request
     * for about ten events instead of one or two, which leaves the cores to the ingest itself.
     */
    @WithDefault("PT0.1S")
    Duration batchWindow();

    /** {@code iris.outbox.send-timeout}: how long a batch may wait for the broker's acknowledgements. */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /** {@code iris.outbox.max-backoff}: longest pause between attempts while the broker is unavailable. */
    @WithDefault("PT30S")
    Duration maxBackoff();
}

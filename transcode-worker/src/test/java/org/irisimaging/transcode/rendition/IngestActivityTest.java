package org.irisimaging.transcode.rendition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Renditions wait while ingest goes on, but never past their deadline. */
class IngestActivityTest {

    @Test
    void withoutIngestNothingWaits() throws Exception {
        IngestActivity activity = new IngestActivity();
        long start = System.nanoTime();
        activity.awaitQuiet(Duration.ofSeconds(5), Instant.now().plusSeconds(60));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void whileInstancesKeepArrivingItWaitsUntilTheDeadline() throws Exception {
        IngestActivity activity = new IngestActivity();
        ScheduledExecutorService pacs = Executors.newSingleThreadScheduledExecutor();
        pacs.scheduleAtFixedRate(activity::received, 0, 10, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(30);
            Instant deadline = Instant.now().plusMillis(300);
            activity.awaitQuiet(Duration.ofMillis(200), deadline);
            assertThat(Instant.now()).as("ingest never paused: released by the deadline").isAfterOrEqualTo(deadline);
        } finally {
            pacs.shutdownNow();
        }
        // once ingest stops, the wait ends after the quiet period
        Thread.sleep(5);
        long start = System.nanoTime();
        activity.awaitQuiet(Duration.ofMillis(100), Instant.now().plusSeconds(60));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}

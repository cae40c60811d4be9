package org.irisimaging.transcode.rendition;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * When this worker last received an instance: verification waits for a quiet moment, so that while
 * a study is arriving the CPU goes to ingest and rendering, not to re-decoding renditions.
 */
@ApplicationScoped
public class IngestActivity {

    private volatile long lastReceived = System.nanoTime() - Duration.ofDays(1).toNanos();

    /** An {@code instance.received} event has arrived. */
    void received() {
        lastReceived = System.nanoTime();
    }

    /** Returns once no instance has arrived for {@code quiet}. */
    void awaitQuiet(Duration quiet) throws InterruptedException {
        for (long idle; (idle = System.nanoTime() - lastReceived) < quiet.toNanos(); ) {
            Thread.sleep(Math.max(1, (quiet.toNanos() - idle) / 1_000_000));
        }
    }
}

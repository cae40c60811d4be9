package org.irisimaging.transcode.rendition;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.irisimaging.events.InstanceReceived;

import java.time.Duration;
import java.time.Instant;

/**
 * When the platform last received an instance: renditions wait for ingest to pause (a PACS pushing
 * a study gets the CPU and the disk first), and their verification for a longer quiet moment.
 */
@ApplicationScoped
public class IngestActivity {

    static final String CHANNEL = "ingest-activity";

    private volatile long lastReceived = System.nanoTime() - Duration.ofDays(1).toNanos();

    /** An {@code instance.received} event has arrived. */
    void received() {
        lastReceived = System.nanoTime();
    }

    /** Returns once no instance has arrived for {@code quiet}. */
    void awaitQuiet(Duration quiet) throws InterruptedException {
        awaitQuiet(quiet, Instant.MAX);
    }

    /** Returns once no instance has arrived for {@code quiet}, or at {@code deadline}. */
    void awaitQuiet(Duration quiet, Instant deadline) throws InterruptedException {
        for (long idle; (idle = System.nanoTime() - lastReceived) < quiet.toNanos() && Instant.now().isBefore(deadline); ) {
            Thread.sleep(Math.max(1, Math.min(100, (quiet.toNanos() - idle) / 1_000_000)));
        }
    }

    /**
     * Every {@code instance.received}, as it is published (its own consumer group, from the latest
     * offset: only the present matters): the renditions' own consumer sees events only as fast as it
     * renders them, too late to tell whether ingest is still going on.
     */
    @Incoming(CHANNEL)
    void onReceived(InstanceReceived received) {
        received();
    }
}

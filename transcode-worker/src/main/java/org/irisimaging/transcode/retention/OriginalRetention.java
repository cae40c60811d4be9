package org.irisimaging.transcode.retention;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.irisimaging.events.OriginalRemoved;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * Removes an original once its rendition has passed verification, as {@link RetentionConfig} says
 * (flow 2 of DESIGN.md: originals are kept only while in transit). The removal is announced first
 * ({@code instance.original-removed}, acknowledged by the broker), so the index stops pointing at
 * the original before it goes; the delete then takes only the verified version (its SHA-256): an
 * instance re-sent in the meantime keeps its new original.
 */
@ApplicationScoped
public class OriginalRetention {

    private static final Logger LOG = Logger.getLogger(OriginalRetention.class);

    private final BlobStore blobs;
    private final RetentionConfig config;
    private final Emitter<OriginalRemoved> removed;
    private final MeterRegistry metrics;

    OriginalRetention(BlobStore blobs, RetentionConfig config,
                      @Channel(Topics.ORIGINAL_REMOVED) Emitter<OriginalRemoved> removed, MeterRegistry metrics) {
        this.blobs = blobs;
        this.config = config;
        this.removed = removed;
        this.metrics = metrics;
    }

    /** Called once {@code rendered}'s rendition passed verification. */
    public void renditionVerified(InstanceRendered rendered) throws Exception {
        if (config.originals() == RetentionConfig.Originals.KEEP
                || (rendered.outcome() != Outcome.LOSSLESS && rendered.outcome() != Outcome.LOSSY)) {
            return;
        }
        BlobKey original = BlobKey.forInstance(rendered.studyInstanceUID(), rendered.seriesInstanceUID(),
                rendered.sopInstanceUID());
        if (!blobs.exists(original)) {
            return; // removed already (a redelivered verification)
        }
        OriginalRemoved event = new OriginalRemoved(rendered.studyInstanceUID(), rendered.seriesInstanceUID(),
                rendered.sopInstanceUID(), rendered.originalSha256(), original.value(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        CloudEventSender.send(removed, event, event.studyInstanceUID(), EventTypes.ORIGINAL_REMOVED)
                .get(30, TimeUnit.SECONDS);
        boolean deleted = blobs.deleteIfSha256(original, rendered.originalSha256());
        metrics.counter("iris.retention.originals.removed", "result", deleted ? "removed" : "newer-version-kept")
                .increment();
        LOG.debugf("Original of %s %s", rendered.sopInstanceUID(), deleted ? "removed" : "kept: re-sent since");
    }
}

package org.irisimaging.transcode.export;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventIds;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.ExportReady;
import org.irisimaging.events.ExportRequested;
import org.irisimaging.events.Topics;
import org.irisimaging.transcode.messaging.ProcessedEvents;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Consumes {@code export.requested}: packages the export, publishes {@code export.ready} (broker
 * acknowledgement awaited), records the event as processed, then commits it. One package at a time
 * on its own pool ({@code exports}, max concurrency 1): packaging is I/O-heavy and must not take
 * the renditions' cores. Idempotent on the CloudEvents id; a crash before the record packages again
 * under the same key and announces again, which study-index-service and notification-service
 * apply once. A package that cannot be made (a file missing or unreadable, or the blob store still
 * failing after the packager's retries) is announced FAILED, so the requester is told; what cannot
 * be decoded or announced goes to {@code export.requested.dlq}.
 */
@ApplicationScoped
public class ExportConsumer {

    private static final Logger LOG = Logger.getLogger(ExportConsumer.class);
    private static final long PUBLISH_TIMEOUT_SECONDS = 30;

    private final ExportPackager packager;
    private final ProcessedEvents processed;
    private final Emitter<ExportReady> ready;

    ExportConsumer(ExportPackager packager, ProcessedEvents processed,
                   @Channel(Topics.EXPORT_READY) Emitter<ExportReady> ready) {
        this.packager = packager;
        this.processed = processed;
        this.ready = ready;
    }

    @Incoming(Topics.EXPORT_REQUESTED)
    @Blocking(value = "exports", ordered = false)
    public CompletionStage<Void> consume(Message<ExportRequested> message) {
        ExportRequested request = message.getPayload();
        if (request == null || request.jobId() == null || request.studyInstanceUID() == null
                || request.expiry() == null) {
            return message.nack(new IllegalArgumentException("Undecodable or incomplete ExportRequested payload"));
        }
        try {
            String eventId = CloudEventIds.of(message);
            if (!processed.contains(eventId)) {
                ExportReady outcome = outcome(request);
                CloudEventSender.send(ready, outcome, request.studyInstanceUID(), EventTypes.EXPORT_READY)
                        .get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                processed.record(eventId);
            }
            return message.ack();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return message.nack(e);
        }
    }

    private ExportReady outcome(ExportRequested request) {
        try {
            ExportPackager.Packaged packaged = packager.pack(request);
            Instant completedAt = now();
            return new ExportReady(request.jobId(), request.studyInstanceUID(), request.studyDate(),
                    request.requesterSubject(), request.requesterEmail(), request.locale(), ExportReady.Outcome.READY,
                    packaged.blob().key().value(), packaged.blob().sizeBytes(), packaged.files(),
                    completedAt.plus(request.expiry()), null, completedAt);
        } catch (UnpackableExportException e) {
            LOG.warnf("Export %s failed: %s", request.jobId(), e.getMessage());
            return failed(request, e.getMessage());
        } catch (IOException e) {
            LOG.errorf("Export %s failed after retries: %s", request.jobId(), e.toString());
            return failed(request, "the blob store could not be read or written; request the export again");
        }
    }

    private static ExportReady failed(ExportRequested request, String reason) {
        return new ExportReady(request.jobId(), request.studyInstanceUID(), request.studyDate(),
                request.requesterSubject(), request.requesterEmail(), request.locale(), ExportReady.Outcome.FAILED,
                null, 0, 0, null, reason, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

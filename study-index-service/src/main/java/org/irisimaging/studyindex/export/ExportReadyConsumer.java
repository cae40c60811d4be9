package org.irisimaging.studyindex.export;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventIds;
import org.irisimaging.events.ExportReady;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Consumes transcode-worker's {@code export.ready} into the job: READY (package, size, files,
 * expiry) or FAILED. Idempotent: only a job still REQUESTED changes, so a redelivery (same
 * CloudEvents id) or a late duplicate does nothing; a message that cannot be applied goes to
 * {@code export.ready.dlq}.
 */
@ApplicationScoped
public class ExportReadyConsumer {

    private static final Logger LOG = Logger.getLogger(ExportReadyConsumer.class);

    private final ExportRepository repository;

    ExportReadyConsumer(ExportRepository repository) {
        this.repository = repository;
    }

    @Incoming(Topics.EXPORT_READY)
    @Blocking
    public CompletionStage<Void> consume(Message<ExportReady> message) {
        ExportReady event = message.getPayload();
        if (event == null || event.jobId() == null || event.outcome() == null || event.completedAt() == null
                || (event.outcome() == ExportReady.Outcome.READY && (event.blobKey() == null || event.expiresAt() == null))) {
            return message.nack(new IllegalArgumentException("Undecodable or incomplete ExportReady payload"));
        }
        try {
            boolean applied = repository.complete(UUID.fromString(event.jobId()), event, CloudEventIds.of(message));
            LOG.debugf("export.ready for %s: %s", event.jobId(), applied ? event.outcome() : "already applied");
            return message.ack();
        } catch (Exception e) {
            return message.nack(e);
        }
    }
}

package org.irisimaging.notification.export;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventIds;
import org.irisimaging.events.ExportReady;
import org.irisimaging.events.Topics;

import java.util.concurrent.CompletionStage;

/**
 * Consumes transcode-worker's {@code export.ready}: the requester is notified once per event
 * ({@link ExportNotifier}); what cannot be decoded or notified goes to {@code export.ready.dlq}.
 */
@ApplicationScoped
public class ExportReadyConsumer {

    private final ExportNotifier notifier;

    ExportReadyConsumer(ExportNotifier notifier) {
        this.notifier = notifier;
    }

    @Incoming(Topics.EXPORT_READY)
    @Blocking
    public CompletionStage<Void> consume(Message<ExportReady> message) {
        ExportReady event = message.getPayload();
        if (event == null || event.jobId() == null || event.requesterSubject() == null || event.outcome() == null
                || (event.outcome() == ExportReady.Outcome.READY && event.expiresAt() == null)) {
            return message.nack(new IllegalArgumentException("Undecodable or incomplete ExportReady payload"));
        }
        try {
            notifier.notify(CloudEventIds.of(message), event);
            return message.ack();
        } catch (Exception e) {
            return message.nack(e);
        }
    }
}

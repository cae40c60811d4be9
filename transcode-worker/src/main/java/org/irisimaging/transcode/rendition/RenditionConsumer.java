package org.irisimaging.transcode.rendition;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventIds;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.InstanceReceived;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.Topics;
import org.irisimaging.transcode.messaging.ProcessedEvents;

import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Consumes {@code instance.received}: renders the instance, publishes {@code instance.rendered}
 * (broker acknowledgement awaited), records the event as processed, then commits it. Idempotent on
 * the CloudEvents id; a crash before the record re-renders the same content (same blob key) and
 * announces it again, which study-index-service applies idempotently. Events that cannot be
 * processed after the service's retries go to {@code instance.received.dlq}.
 */
@ApplicationScoped
public class RenditionConsumer {

    private static final long PUBLISH_TIMEOUT_SECONDS = 30;

    private final RenditionService renditions;
    private final ProcessedEvents processed;
    private final Emitter<InstanceRendered> rendered;
    private final IngestActivity activity;
    private final RenditionConfig config;

    RenditionConsumer(RenditionService renditions, ProcessedEvents processed,
                      @Channel(Topics.INSTANCE_RENDERED) Emitter<InstanceRendered> rendered, IngestActivity activity,
                      RenditionConfig config) {
        this.renditions = renditions;
        this.processed = processed;
        this.rendered = rendered;
        this.activity = activity;
        this.config = config;
    }

    @Incoming(Topics.INSTANCE_RECEIVED)
    @Blocking(value = "renditions", ordered = false)
    public CompletionStage<Void> consume(Message<InstanceReceived> message) {
        if (message.getPayload() == null) {
            return message.nack(new IllegalArgumentException("Undecodable InstanceReceived payload"));
        }
        try {
            String eventId = CloudEventIds.of(message);
            if (!processed.contains(eventId)) {
                // ingest first: wait for it to pause, but not longer than the maximum deferral
                Instant arrived = message.getPayload().receivedAt() == null ? Instant.now()
                        : message.getPayload().receivedAt();
                activity.awaitQuiet(config.ingestQuietPeriod(), arrived.plus(config.maxDeferral()));
                InstanceRendered result = renditions.render(message.getPayload());
                CloudEventSender.send(rendered, result, result.studyInstanceUID(), EventTypes.INSTANCE_RENDERED)
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
}

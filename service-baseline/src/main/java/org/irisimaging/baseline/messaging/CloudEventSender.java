package org.irisimaging.baseline.messaging;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * How every service publishes an event: the Kafka record key that keeps one entity's events in
 * order, a CloudEvents envelope with a fresh id (what consumers deduplicate on) and the event's
 * type, and a future that completes when the broker has acknowledged it (producers run with
 * {@code acks=all} and idempotence).
 */
public final class CloudEventSender {

    private CloudEventSender() {
    }

    /**
     * Sends {@code payload}; the returned future completes when the broker acknowledged it and fails
     * when it refused it (or when the emitter could not take it).
     */
    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, T payload, String key, String type) {
        return send(emitter, payload, key, type, UUID.randomUUID().toString());
    }

    /**
     * Sends {@code payload} with the given CloudEvents {@code id}: a relay that may send an event
     * more than once (a transactional outbox) keeps its id, so consumers deduplicate it.
     */
    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, T payload, String key, String type,
                                                   String id) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<T> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(id)
                        .withType(type)
                        .withDataContentType("application/json")
                        .build())
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // e.g. the emitter's buffer is full or the channel is down
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}

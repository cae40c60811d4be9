package org.irisimaging.baseline.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** What idempotent consumers deduplicate on. */
public final class CloudEventIds {

    private CloudEventIds() {
    }

    /** The CloudEvents id, or the record's coordinates for a producer that sent no envelope. */
    public static String of(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getId)
                .or(() -> message.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(k -> k.getTopic() + "/" + k.getPartition() + "/" + k.getOffset()))
                .orElseThrow(() -> new IllegalArgumentException("Message without an id"));
    }
}

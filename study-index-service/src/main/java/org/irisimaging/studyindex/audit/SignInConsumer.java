package org.irisimaging.studyindex.audit;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.events.SignInAttempted;
import org.irisimaging.events.Topics;

import java.util.concurrent.CompletionStage;

/**
 * Consumes identity-service's sign-in events into the audit log. Idempotent (dedupe on the
 * CloudEvents id); a message that cannot be recorded goes to the dead-letter topic.
 */
@ApplicationScoped
public class SignInConsumer {

    private final AuditLog auditLog;

    SignInConsumer(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Incoming(Topics.SIGN_IN_ATTEMPTED)
    @Blocking
    public CompletionStage<Void> consume(Message<SignInAttempted> message) {
        if (message.getPayload() == null) {
            return message.nack(new IllegalArgumentException("Undecodable SignInAttempted payload"));
        }
        auditLog.recordSignIn(eventId(message), message.getPayload());
        return message.ack();
    }

    /** The CloudEvents id, or the record's coordinates for a producer that sent no envelope. */
    private static String eventId(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getId)
                .or(() -> message.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(k -> k.getTopic() + "/" + k.getPartition() + "/" + k.getOffset()))
                .orElseThrow(() -> new IllegalArgumentException("Message without an id"));
    }
}

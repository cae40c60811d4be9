package org.irisimaging.studyindex.audit;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventIds;
import org.irisimaging.events.SignedOut;
import org.irisimaging.events.Topics;

import java.util.concurrent.CompletionStage;

/**
 * Consumes identity-service's sign-out events into the audit log, like {@link SignInConsumer}:
 * idempotent on the CloudEvents id, a message that cannot be recorded goes to the dead-letter topic.
 */
@ApplicationScoped
public class SignOutConsumer {

    private final AuditLog auditLog;

    SignOutConsumer(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Incoming(Topics.SIGNED_OUT)
    @Blocking
    public CompletionStage<Void> consume(Message<SignedOut> message) {
        if (message.getPayload() == null || message.getPayload().subject() == null) {
            return message.nack(new IllegalArgumentException("Undecodable SignedOut payload"));
        }
        auditLog.recordSignOut(CloudEventIds.of(message), message.getPayload());
        return message.ack();
    }
}

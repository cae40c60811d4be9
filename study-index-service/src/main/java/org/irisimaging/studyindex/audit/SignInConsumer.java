package org.irisimaging.studyindex.audit;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventIds;
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
        auditLog.recordSignIn(CloudEventIds.of(message), message.getPayload());
        return message.ack();
    }
}

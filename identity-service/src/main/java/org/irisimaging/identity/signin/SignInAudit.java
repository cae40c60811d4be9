package org.irisimaging.identity.signin;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.SignInAttempted;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one seam through which every sign-in outcome leaves identity-service: a
 * {@link SignInAttempted} event that study-index-service writes into the audit log.
 */
@ApplicationScoped
public class SignInAudit {

    private static final Logger LOG = Logger.getLogger(SignInAudit.class);

    private final Emitter<SignInAttempted> emitter;

    SignInAudit(@Channel(Topics.SIGN_IN_ATTEMPTED) Emitter<SignInAttempted> emitter) {
        this.emitter = emitter;
    }

    public void succeeded(String subject, String clientId, String method, List<String> roles, String remoteAddress) {
        publish(new SignInAttempted(Instant.now(), subject, clientId, method, SignInAttempted.Outcome.SUCCEEDED,
                null, roles, remoteAddress));
    }

    public void failed(String subject, String clientId, String method, String reason, String remoteAddress) {
        publish(new SignInAttempted(Instant.now(), subject, clientId, method, SignInAttempted.Outcome.FAILED,
                reason, List.of(), remoteAddress));
    }

    private void publish(SignInAttempted event) {
        String key = event.subject() != null ? event.subject() : String.valueOf(event.clientId());
        // The broker's acknowledgement is awaited so that a sign-in is never answered while its
        // audit event may be lost (no local state to put in an outbox here).
        CloudEventSender.send(emitter, event, key, EventTypes.SIGN_IN_ATTEMPTED)
                .orTimeout(10, TimeUnit.SECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "Sign-in audit event not delivered (outcome %s)", event.outcome());
                    }
                })
                .join();
    }
}

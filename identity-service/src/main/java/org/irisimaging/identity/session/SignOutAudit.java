package org.irisimaging.identity.session;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.SignedOut;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one seam through which a session ended at its owner's request (logout, sign-out from the
 * list of sessions) leaves identity-service: a {@link SignedOut} event for the audit log.
 */
@ApplicationScoped
public class SignOutAudit {

    private static final Logger LOG = Logger.getLogger(SignOutAudit.class);

    private final Emitter<SignedOut> emitter;

    SignOutAudit(@Channel(Topics.SIGNED_OUT) Emitter<SignedOut> emitter) {
        this.emitter = emitter;
    }

    public void signedOut(UUID accountId, UUID sessionId, List<String> clients, String reason, String remoteAddress) {
        SignedOut event = new SignedOut(Instant.now(), accountId.toString(), sessionId.toString(), clients, reason,
                remoteAddress);
        // Awaited like the sign-in events: the answer is not given while its audit event may be lost.
        CloudEventSender.send(emitter, event, event.subject(), EventTypes.SIGNED_OUT)
                .orTimeout(10, TimeUnit.SECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "Sign-out audit event not delivered (reason %s)", reason);
                    }
                })
                .join();
    }
}

package org.irisimaging.events;

import java.time.Instant;
import java.util.List;

/**
 * A sign-in to identity-service happened, successful or not. Consumed by study-index-service,
 * which keeps the platform's audit log (every sign-in is audited, success and failure).
 *
 * @param occurredAt    when identity-service decided the outcome
 * @param subject       the account's stable identifier ({@code sub} of the issued token), or the
 *                      client id for a service; {@code null} when the account is unknown
 * @param clientId      the OAuth client the sign-in went through
 * @param method        how the caller authenticated, as an {@code amr} value (e.g. {@code pwd},
 *                      {@code otp}, {@code x509}, {@code client_secret})
 * @param outcome       the decision
 * @param failureReason why it failed, a short code ({@code invalid_client}, {@code unknown_user}...);
 *                      {@code null} on success
 * @param roles         platform roles granted in the token (empty on failure)
 * @param remoteAddress the caller's IP address as seen by identity-service
 */
public record SignInAttempted(
        Instant occurredAt,
        String subject,
        String clientId,
        String method,
        Outcome outcome,
        String failureReason,
        List<String> roles,
        String remoteAddress) {

    /** Outcome of a sign-in attempt. */
    public enum Outcome {
        SUCCEEDED, FAILED
    }

    public SignInAttempted {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}

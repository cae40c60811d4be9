package org.irisimaging.events;

import java.time.Instant;
import java.util.List;

/**
 * A signed-in browser session of identity-service ended at its owner's request: a logout from an
 * application (RP-initiated logout) or a sign-out from the account's list of sessions. Its refresh
 * tokens were revoked with it. Consumed by study-index-service into the audit log (User
 * Authentication, Logout).
 *
 * @param occurredAt    when the session ended
 * @param subject       the account's stable identifier ({@code sub} of its tokens)
 * @param sessionId     the session that ended ({@code sid} of its tokens)
 * @param clients       the OAuth clients that had received tokens in the session
 * @param reason        how it was ended: {@code logout} or {@code session_signed_out}
 * @param remoteAddress the caller's IP address as seen by identity-service
 */
public record SignedOut(
        Instant occurredAt,
        String subject,
        String sessionId,
        List<String> clients,
        String reason,
        String remoteAddress) {

    /** Ended through the end-session endpoint ({@code /logout}). */
    public static final String LOGOUT = "logout";
    /** Ended from the account's list of sessions. */
    public static final String SESSION_SIGNED_OUT = "session_signed_out";

    public SignedOut {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }
}

package org.irisimaging.identity.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One of the caller's live signed-in sessions, as the account screen shows it.
 *
 * @param id             the session's identifier (also the {@code sid} of the tokens issued in it)
 * @param current        whether the caller's token was issued in this session
 * @param signedInAt     when the person signed in
 * @param lastActivityAt the last sign-in, authorization or token refresh in it
 * @param expiresAt      when it ends unless used again (idle timeout), or its absolute end if sooner
 * @param userAgent      the browser's User-Agent at sign-in, when it sent one
 * @param clients        the applications (OAuth client ids) that received tokens in it
 * @param amr            how the person authenticated (RFC 8176 values)
 * @param acr            the authentication context class reached
 */
public record SessionView(
        UUID id,
        boolean current,
        Instant signedInAt,
        Instant lastActivityAt,
        Instant expiresAt,
        String userAgent,
        List<String> clients,
        List<String> amr,
        String acr) {
}

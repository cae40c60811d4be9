package org.irisimaging.identity.oidc;

import java.util.List;

/**
 * The outcome of an authorization_code or refresh_token grant: the token response (JSON built by
 * the Nimbus SDK) or an RFC 6749 error, with what the audit event needs.
 */
public sealed interface GrantResult {

    record Issued(String json, String subject, List<String> roles) implements GrantResult {
    }

    /** {@code error} is the OAuth error code; {@code reason} the finer audit reason. */
    record Refused(String error, String description, String subject, String reason) implements GrantResult {
    }

    static Refused invalidGrant(String subject, String reason) {
        return new Refused("invalid_grant", "The grant is invalid, expired, revoked or was issued to another client",
                subject, reason);
    }
}

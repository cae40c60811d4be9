package org.irisimaging.identity.session;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.UUID;

/** The browser session a person's token was issued in: its {@code sid} claim. */
public final class TokenSession {

    private TokenSession() {
    }

    /** The {@code sid} claim as it is written; empty for a token without one (a service's, a dev sign-in's). */
    public static Optional<String> sid(JsonWebToken token) {
        Object raw = token == null ? null : token.getClaim("sid");
        if (raw instanceof JsonString json) {
            return Optional.of(json.getString());
        }
        return Optional.ofNullable(raw).map(Object::toString);
    }

    /** The {@code sid} as a session id; empty when absent or not a session id. */
    public static Optional<UUID> sessionId(JsonWebToken token) {
        return sid(token).flatMap(TokenSession::uuid);
    }

    static Optional<UUID> uuid(String value) {
        try {
            return value == null || value.length() != 36 ? Optional.empty() : Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

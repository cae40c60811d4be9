package org.irisimaging.identity.oidc;

import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749 §5.1 successful token response. */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    static TokenResponse bearer(TokenIssuer.IssuedToken token) {
        return new TokenResponse(token.accessToken(), "Bearer", token.expiresIn());
    }
}

package org.irisimaging.identity.oidc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 6749 §5.2 error response. OAuth clients expect this shape from the token endpoint, so it is
 * used there instead of RFC 9457 problem details.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthError(
        String error,
        @JsonProperty("error_description") String errorDescription) {

    static Response invalidClient() {
        return Response.status(401)
                .header("WWW-Authenticate", "Basic realm=\"iris\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new OAuthError("invalid_client", "Client authentication failed"))
                .build();
    }

    static Response badRequest(String error, String description) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(new OAuthError(error, description)).build();
    }
}

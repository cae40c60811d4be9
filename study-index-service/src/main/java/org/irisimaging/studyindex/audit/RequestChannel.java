package org.irisimaging.studyindex.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * How the current request reached the data, for the audit log. The gateway, which answers the
 * public DICOMweb API, reports the endpoint the caller used ({@value #ENDPOINT_HEADER}) and the
 * caller's address ({@code X-Forwarded-For}); without them (a direct call) this service's own
 * request line and peer address are recorded. Only the gateway and the platform's services can
 * reach this service (network policy), so these headers are not caller-controlled; the actor is
 * always the token's subject, never a header.
 */
@RequestScoped
public class RequestChannel {

    /** The public endpoint as the gateway received it: method, path and query. */
    public static final String ENDPOINT_HEADER = "X-Iris-Endpoint";

    private final HttpServerRequest request;
    private final SecurityIdentity identity;

    RequestChannel(HttpServerRequest request, SecurityIdentity identity) {
        this.request = request;
        this.identity = identity;
    }

    public AccessChannel current() {
        return new AccessChannel(endpoint(), clientId(), remoteAddress());
    }

    private String endpoint() {
        String reported = request.getHeader(ENDPOINT_HEADER);
        if (reported != null && !reported.isBlank()) {
            return reported.strip();
        }
        return request.method().name() + " " + request.uri();
    }

    private String remoteAddress() {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].strip(); // the client, first in the chain
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** The OIDC client the token was issued to ({@code azp}, else {@code client_id}). */
    private String clientId() {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        for (String claim : new String[] {"azp", "client_id"}) {
            Object value = token.getClaim(claim);
            if (value instanceof JsonString s) {
                return s.getString();
            }
            if (value instanceof String s) {
                return s;
            }
        }
        return null;
    }
}

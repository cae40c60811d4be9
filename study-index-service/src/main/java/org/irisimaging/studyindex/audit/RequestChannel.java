package org.irisimaging.studyindex.audit;

import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.oidc.AccessTokenCredential;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * How the current request reached the data, for the audit log. The gateway, which answers the
 * public DICOMweb API, reports the endpoint the caller used ({@value #ENDPOINT_HEADER}) and the
 * caller's address ({@code X-Forwarded-For}). Only the gateway's word counts: those headers are
 * taken only when the request also carries the gateway's own access token
 * ({@value #GATEWAY_TOKEN_HEADER}: a token of this platform's issuer, issued to the client
 * {@code iris.audit.gateway-client-id}); on any other request (a caller reaching this service
 * directly, whatever headers it sends) this service's own request line and peer address are
 * recorded. The actor is always the {@code Authorization} token's subject, never a header.
 */
@RequestScoped
public class RequestChannel {

    /** The public endpoint as the gateway received it: method, path and query. */
    public static final String ENDPOINT_HEADER = "X-Iris-Endpoint";
    /** The gateway's access token (client credentials), vouching for the two headers above. */
    public static final String GATEWAY_TOKEN_HEADER = "X-Iris-Gateway-Token";

    private static final Logger LOG = Logger.getLogger(RequestChannel.class);

    private final HttpServerRequest request;
    private final SecurityIdentity identity;
    private final TenantIdentityProvider tokens;
    private final String gatewayClientId;
    private Boolean fromGateway;

    RequestChannel(HttpServerRequest request, SecurityIdentity identity, TenantIdentityProvider tokens,
                   @ConfigProperty(name = "iris.audit.gateway-client-id", defaultValue = "dicomweb-gateway")
                   String gatewayClientId) {
        this.request = request;
        this.identity = identity;
        this.tokens = tokens;
        this.gatewayClientId = gatewayClientId;
    }

    public AccessChannel current() {
        return new AccessChannel(endpoint(), clientId(), remoteAddress());
    }

    private String endpoint() {
        String reported = fromGateway() ? request.getHeader(ENDPOINT_HEADER) : null;
        if (reported != null && !reported.isBlank()) {
            return reported.strip();
        }
        return request.method().name() + " " + request.uri();
    }

    private String remoteAddress() {
        String forwarded = fromGateway() ? request.getHeader("X-Forwarded-For") : null;
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].strip(); // the client, first in the chain
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** Whether the gateway vouches for this request: its token is there, valid, and its own. */
    private boolean fromGateway() {
        if (fromGateway == null) {
            String token = request.getHeader(GATEWAY_TOKEN_HEADER);
            fromGateway = token != null && !token.isBlank() && isGateway(token.strip());
        }
        return fromGateway;
    }

    private boolean isGateway(String token) {
        try {
            SecurityIdentity gateway = tokens.authenticate(new AccessTokenCredential(token)).await().indefinitely();
            return gateway.getPrincipal() instanceof JsonWebToken jwt && gatewayClientId.equals(clientOf(jwt, true));
        } catch (RuntimeException e) {
            LOG.debugf("A %s that does not verify: the forwarded headers are ignored (%s)", GATEWAY_TOKEN_HEADER,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** The OIDC client the token was issued to ({@code azp}, else {@code client_id}). */
    private String clientId() {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        return clientOf(token, false);
    }

    /**
     * {@code azp}, else {@code client_id}; else, with {@code orSubject}, the subject (a
     * client-credentials token names its client there).
     */
    private static String clientOf(JsonWebToken token, boolean orSubject) {
        for (String claim : new String[] {"azp", "client_id"}) {
            Object value = token.getClaim(claim);
            if (value instanceof JsonString s) {
                return s.getString();
            }
            if (value instanceof String s) {
                return s;
            }
        }
        return orSubject ? token.getSubject() : null;
    }
}

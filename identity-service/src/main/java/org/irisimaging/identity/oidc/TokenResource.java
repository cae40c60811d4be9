package org.irisimaging.identity.oidc;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.signin.SignInAudit;

/**
 * OAuth 2.0 token endpoint. This first version serves {@code client_credentials} for services;
 * the authorization code + PKCE and refresh grants for people come with the sign-in flows.
 */
@Path("/token")
@Tag(name = "OpenID Connect")
public class TokenResource {

    private static final String CLIENT_SECRET = "client_secret";

    private final ClientAuthenticator clients;
    private final TokenIssuer issuer;
    private final SignInAudit audit;

    TokenResource(ClientAuthenticator clients, TokenIssuer issuer, SignInAudit audit) {
        this.clients = clients;
        this.issuer = issuer;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an access token (grant_type=client_credentials)")
    public Response token(@FormParam("grant_type") String grantType,
                          @FormParam("client_id") String clientId,
                          @FormParam("client_secret") String clientSecret,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @Context HttpServerRequest request) {
        if (grantType == null) {
            return OAuthError.badRequest("invalid_request", "grant_type is required");
        }
        if (!"client_credentials".equals(grantType)) {
            return OAuthError.badRequest("unsupported_grant_type", "Supported: client_credentials");
        }
        String remote = RemoteAddress.of(request);
        var client = clients.authenticate(authorization, clientId, clientSecret);
        if (client.isEmpty()) {
            audit.failed(null, ClientAuthenticator.claimedClientId(authorization, clientId), CLIENT_SECRET,
                    "invalid_client", remote);
            return OAuthError.invalidClient();
        }
        var roles = client.get().settings().roles();
        var token = issuer.issueForClient(client.get().clientId(), roles);
        audit.succeeded(client.get().clientId(), client.get().clientId(), CLIENT_SECRET, roles, remote);
        return Response.ok(TokenResponse.bearer(token))
                .header("Cache-Control", "no-store")
                .build();
    }
}

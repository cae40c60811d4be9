package org.irisimaging.identity.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
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
import org.irisimaging.identity.http.BasicCredentials;
import org.irisimaging.identity.http.Form;
import org.irisimaging.identity.http.MalformedInput;
import org.irisimaging.identity.signin.SignInAudit;

import java.util.Optional;

/**
 * OAuth 2.0 token endpoint: {@code client_credentials} for services, {@code authorization_code}
 * (PKCE S256) and {@code refresh_token} (rotated) for people. Grant parameters are parsed by the
 * Nimbus SDK; confidential clients authenticate with their secret, public clients only name
 * themselves and prove possession with PKCE.
 */
@Path("/token")
@Tag(name = "OpenID Connect")
public class TokenResource {

    private static final String CLIENT_SECRET = "client_secret";

    private final ClientAuthenticator authenticator;
    private final ClientRegistry clients;
    private final TokenIssuer issuer;
    private final CodeGrant codeGrant;
    private final RefreshGrant refreshGrant;
    private final SignInAudit audit;

    TokenResource(ClientAuthenticator authenticator, ClientRegistry clients, TokenIssuer issuer, CodeGrant codeGrant,
                  RefreshGrant refreshGrant, SignInAudit audit) {
        this.authenticator = authenticator;
        this.clients = clients;
        this.issuer = issuer;
        this.codeGrant = codeGrant;
        this.refreshGrant = refreshGrant;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue tokens (grant_type=client_credentials, authorization_code or refresh_token)")
    public Response token(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @Context HttpServerRequest request) {
        Form form;
        try {
            form = Form.parse(body);
        } catch (MalformedInput e) {
            return OAuthError.badRequest("invalid_request", e.getMessage());
        }
        String grantType = form.first("grant_type");
        if (grantType == null) {
            return OAuthError.badRequest("invalid_request", "grant_type is required");
        }
        String remote = RemoteAddress.of(request);
        Optional<BasicCredentials> basic;
        try {
            basic = BasicCredentials.parse(authorization);
        } catch (MalformedInput e) {
            // The grant type is the caller's text: only a known one goes to the audit log.
            boolean known = switch (grantType) {
                case ClientRegistry.CLIENT_CREDENTIALS, ClientRegistry.AUTHORIZATION_CODE, ClientRegistry.REFRESH_TOKEN -> true;
                default -> false;
            };
            audit.failed(null, null, known ? grantType : "unsupported_grant_type", "invalid_client", remote);
            return OAuthError.invalidClient();
        }
        return switch (grantType) {
            case ClientRegistry.CLIENT_CREDENTIALS -> clientCredentials(form, basic, remote);
            case ClientRegistry.AUTHORIZATION_CODE, ClientRegistry.REFRESH_TOKEN ->
                    personGrant(grantType, form, basic, remote);
            default -> OAuthError.badRequest("unsupported_grant_type",
                    "Supported: client_credentials, authorization_code, refresh_token");
        };
    }

    private Response clientCredentials(Form form, Optional<BasicCredentials> basic, String remote) {
        String clientId = form.first("client_id");
        var client = authenticator.authenticate(basic, clientId, form.first("client_secret"));
        if (client.isEmpty()) {
            audit.failed(null, ClientAuthenticator.claimedClientId(basic, clientId), CLIENT_SECRET,
                    "invalid_client", remote);
            return OAuthError.invalidClient();
        }
        if (!client.get().settings().grantTypes().contains(ClientRegistry.CLIENT_CREDENTIALS)) {
            audit.failed(client.get().clientId(), client.get().clientId(), CLIENT_SECRET, "unauthorized_client", remote);
            return OAuthError.badRequest("unauthorized_client", "This client may not use client_credentials");
        }
        var roles = client.get().settings().roles().orElse(java.util.List.of());
        var token = issuer.issueForClient(client.get().clientId(), roles);
        audit.succeeded(client.get().clientId(), client.get().clientId(), CLIENT_SECRET, roles, remote);
        return Response.ok(TokenResponse.bearer(token))
                .header("Cache-Control", "no-store")
                .build();
    }

    private Response personGrant(String grantType, Form form, Optional<BasicCredentials> basic, String remote) {
        Optional<ClientRegistry.RegisteredClient> client = client(form, basic);
        if (client.isEmpty()) {
            audit.failed(null, ClientAuthenticator.claimedClientId(basic, form.first("client_id")),
                    grantType, "invalid_client", remote);
            return OAuthError.invalidClient();
        }
        String clientId = client.get().id();
        if (!client.get().allows(grantType)) {
            audit.failed(null, clientId, grantType, "unauthorized_client", remote);
            return OAuthError.badRequest("unauthorized_client", "This client may not use " + grantType);
        }
        AuthorizationGrant grant;
        try {
            grant = AuthorizationGrant.parse(form.parameters());
        } catch (ParseException | IllegalArgumentException e) {
            String error = e instanceof ParseException p && p.getErrorObject() != null
                    ? p.getErrorObject().getCode() : "invalid_request";
            audit.failed(null, clientId, grantType, error, remote);
            return OAuthError.badRequest(error, e.getMessage());
        }
        GrantResult result = switch (grant) {
            case AuthorizationCodeGrant code -> codeGrant.exchange(client.get(), code);
            case RefreshTokenGrant refresh -> refreshGrant.exchange(client.get(), refresh);
            default -> new GrantResult.Refused("unsupported_grant_type", "Unsupported grant", null, "unsupported_grant");
        };
        return switch (result) {
            case GrantResult.Issued issued -> {
                audit.succeeded(issued.subject(), clientId, grantType, issued.roles(), remote);
                yield Response.ok(issued.json(), MediaType.APPLICATION_JSON_TYPE)
                        .header("Cache-Control", "no-store")
                        .header("Pragma", "no-cache")
                        .build();
            }
            case GrantResult.Refused refused -> {
                audit.failed(refused.subject(), clientId, grantType, refused.reason(), remote);
                yield OAuthError.badRequest(refused.error(), refused.description());
            }
        };
    }

    /**
     * The calling client: a confidential one must authenticate with its secret; a public one only
     * names itself (client_id) and must not present a secret.
     */
    private Optional<ClientRegistry.RegisteredClient> client(Form form, Optional<BasicCredentials> basic) {
        String secret = form.first("client_secret");
        if (ClientAuthenticator.presentsSecret(basic, secret)) {
            return authenticator.authenticate(basic, form.first("client_id"), secret)
                    .flatMap(c -> clients.find(c.clientId()));
        }
        return clients.find(form.first("client_id")).filter(ClientRegistry.RegisteredClient::isPublic);
    }
}

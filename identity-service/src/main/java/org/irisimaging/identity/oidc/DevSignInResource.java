package org.irisimaging.identity.oidc;

import io.vertx.core.http.HttpServerRequest;
import jakarta.transaction.Transactional;
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
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.http.BasicCredentials;
import org.irisimaging.identity.http.Form;
import org.irisimaging.identity.http.MalformedInput;
import org.irisimaging.identity.signin.SignInAudit;

import java.util.List;
import java.util.Optional;

/**
 * Dev profile only: a user token for a demo account, without credentials, so that the embedded
 * platform can be tried from a shell. Answers 404 unless {@code iris.identity.dev.sign-in-enabled},
 * which the prod profile refuses at startup ({@link ProductionSafety}). The calling client must
 * still authenticate.
 */
@Path("/dev/sign-in")
@Tag(name = "Development")
public class DevSignInResource {

    /** RFC 8176 has no value for "no authentication"; this one is never accepted in production. */
    static final String AMR_DEV = "dev";

    private final IdentityConfig config;
    private final ClientAuthenticator clients;
    private final TokenIssuer issuer;
    private final SignInAudit audit;

    DevSignInResource(IdentityConfig config, ClientAuthenticator clients, TokenIssuer issuer, SignInAudit audit) {
        this.config = config;
        this.clients = clients;
        this.issuer = issuer;
        this.audit = audit;
    }

    @POST
    @Transactional
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Dev profile only: sign in as a demo account")
    public Response signIn(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @Context HttpServerRequest request) {
        if (!config.dev().signInEnabled()) {
            throw ProblemException.notFound("No such resource");
        }
        String remote = RemoteAddress.of(request);
        Form form;
        Optional<BasicCredentials> basic;
        try {
            form = Form.parse(body);
        } catch (MalformedInput e) {
            return OAuthError.badRequest("invalid_request", e.getMessage());
        }
        try {
            basic = BasicCredentials.parse(authorization);
        } catch (MalformedInput e) {
            audit.failed(null, null, AMR_DEV, "invalid_client", remote);
            return OAuthError.invalidClient();
        }
        String username = form.first("username");
        String clientId = form.first("client_id");
        var client = clients.authenticate(basic, clientId, form.first("client_secret"));
        if (client.isEmpty()) {
            audit.failed(null, ClientAuthenticator.claimedClientId(basic, clientId), AMR_DEV,
                    "invalid_client", remote);
            return OAuthError.invalidClient();
        }
        var account = username == null ? java.util.Optional.<Account>empty() : Account.findByUsername(username);
        if (account.isEmpty() || !account.get().isActive()) {
            audit.failed(null, client.get().clientId(), AMR_DEV,
                    account.isEmpty() ? "unknown_user" : "inactive_account", remote);
            return OAuthError.badRequest("invalid_grant", "Unknown or inactive account");
        }
        var token = issuer.issueForAccount(account.get(), client.get().clientId(), List.of(AMR_DEV), Acr.DEV);
        audit.succeeded(account.get().id.toString(), client.get().clientId(), AMR_DEV,
                List.of(account.get().roles), remote);
        return Response.ok(TokenResponse.bearer(token)).header("Cache-Control", "no-store").build();
    }
}

package org.irisimaging.identity.oidc;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;
import org.irisimaging.identity.session.TokenSession;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * OIDC UserInfo: the claims about the token's subject, from the account when it is a person. A
 * token issued in a browser session ({@code sid}) is refused once that session has ended (logout,
 * suspension, idle timeout, absolute lifetime), although it has not expired yet.
 */
@Path("/userinfo")
@Tag(name = "OpenID Connect")
@Authenticated
public class UserinfoResource {

    private final JsonWebToken token;
    private final Sessions sessions;

    UserinfoResource(JsonWebToken token, Sessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claims about the signed-in subject")
    public Response userinfo() {
        Optional<String> sid = TokenSession.sid(token);
        if (sid.isPresent() && !sessionLive(sid.get())) {
            // RFC 6750 §3.1: the token is no longer good.
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\", "
                            + "error_description=\"The session of this token has ended\"")
                    .header("Cache-Control", "no-store")
                    .build();
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", token.getSubject());
        claims.put("groups", token.getGroups());
        accountOf(token.getSubject()).ifPresent(account -> {
            claims.put("preferred_username", account.username);
            claims.put("given_name", account.givenName);
            claims.put("family_name", account.familyName);
            claims.put("email", account.email);
            if (account.idNatPs != null) {
                claims.put("idnat_ps", account.idNatPs);
            }
            claims.put("establishments", List.of(account.establishments));
        });
        return Response.ok(claims).header("Cache-Control", "no-store").build();
    }

    private boolean sessionLive(String sid) {
        UUID id;
        try {
            id = UUID.fromString(sid);
        } catch (IllegalArgumentException e) {
            return false;
        }
        BrowserSession session = BrowserSession.findById(id);
        return session != null && sessions.isLive(session, Instant.now());
    }

    private static Optional<Account> accountOf(String subject) {
        try {
            return Account.findByIdOptional(UUID.fromString(subject));
        } catch (IllegalArgumentException serviceClient) {
            return Optional.empty();
        }
    }
}

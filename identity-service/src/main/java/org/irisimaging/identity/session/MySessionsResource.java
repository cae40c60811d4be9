package org.irisimaging.identity.session;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.events.SignedOut;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.account.AccountAdministration;
import org.irisimaging.identity.oidc.RemoteAddress;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The caller's own signed-in sessions (the account screen's "active sessions"): list them, sign one
 * out, or sign out everywhere else. Only a person's token with a live session may do this: a token
 * left over from a session that ended (logout, idle timeout) is refused like at userinfo, so that a
 * copied access token cannot be used to sign its owner out of their other browsers.
 */
@Path("/api/accounts/me/sessions")
@Tag(name = "Accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MySessionsResource {

    private final AccountSessions sessions;
    private final SignOutAudit audit;
    private final JsonWebToken token;

    MySessionsResource(AccountSessions sessions, SignOutAudit audit, JsonWebToken token) {
        this.sessions = sessions;
        this.audit = audit;
        this.token = token;
    }

    @GET
    @Operation(summary = "The caller's live sessions, newest sign-in first; `current` marks the token's own")
    public List<SessionView> list() {
        Account me = caller();
        return sessions.list(me.id, TokenSession.sessionId(token), Instant.now());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Sign one of the caller's sessions out (its refresh tokens are revoked)")
    public Response signOut(@PathParam("id") String id, @Context HttpServerRequest request) {
        Account me = caller();
        Optional<BrowserSession> ended = TokenSession.uuid(id).flatMap(s -> sessions.end(me.id, s, Instant.now()));
        BrowserSession session = ended.orElseThrow(() -> ProblemException.notFound("No such session"));
        audit.signedOut(me.id, session.id, sessions.clientsOf(session.id), SignedOut.SESSION_SIGNED_OUT,
                RemoteAddress.of(request));
        return Response.noContent().build();
    }

    @DELETE
    @Operation(summary = "Sign out every session of the caller except the current one")
    public Map<String, Integer> signOutOthers(@Context HttpServerRequest request) {
        Account me = caller();
        List<BrowserSession> ended = sessions.endOthers(me.id, TokenSession.sessionId(token), Instant.now());
        String remote = RemoteAddress.of(request);
        ended.forEach(s -> audit.signedOut(me.id, s.id, sessions.clientsOf(s.id), SignedOut.SESSION_SIGNED_OUT, remote));
        return Map.of("ended", ended.size());
    }

    /** The caller's account; a token without one (a service's) gets 404 as on the other /me endpoints. */
    private Account caller() {
        Account me = AccountAdministration.callerAccount(token)
                .orElseThrow(() -> ProblemException.notFound("The caller has no account"));
        Optional<String> sid = TokenSession.sid(token);
        if (sid.isPresent() && !TokenSession.uuid(sid.get()).map(s -> sessions.isLive(s, Instant.now())).orElse(false)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The session of this token has ended");
        }
        return me;
    }
}

package org.irisimaging.identity.oidc;

import com.nimbusds.openid.connect.sdk.OIDCError;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.http.Form;
import org.irisimaging.identity.http.MalformedInput;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;
import org.irisimaging.identity.signin.Pages;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The authorization endpoint (authorization code flow with PKCE S256). A browser with a live signed-in
 * session gets its code at once; otherwise the request waits in the session while the person signs
 * in (password, then a one-time code).
 */
@Path("/authorize")
@Tag(name = "OpenID Connect")
public class AuthorizeResource {

    private final AuthorizationRequests requests;
    private final AuthorizationCodes codes;
    private final Sessions sessions;
    private final Pages pages;

    AuthorizeResource(AuthorizationRequests requests, AuthorizationCodes codes, Sessions sessions, Pages pages) {
        this.requests = requests;
        this.codes = codes;
        this.sessions = sessions;
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization request (response_type=code, PKCE S256)")
    public Response authorize(@Context UriInfo uri, @Context HttpHeaders headers) {
        Locale locale = Pages.locale(headers);
        Form query;
        try {
            query = Form.parse(uri.getRequestUri().getRawQuery());
        } catch (MalformedInput e) {
            return pages.error(400, locale, Pages.MALFORMED_REQUEST);
        }
        AuthorizationRequests.Checked checked = requests.check(query.parameters());
        if (checked instanceof AuthorizationRequests.ErrorPage page) {
            return pages.error(400, locale, "unknown_client".equals(page.reason())
                    ? "errorUnknownClient" : "errorUnregisteredRedirectUri");
        }
        if (checked instanceof AuthorizationRequests.ErrorRedirect redirect) {
            return Response.status(Response.Status.FOUND).location(redirect.location()).build();
        }
        AuthorizationRequests.Valid request = (AuthorizationRequests.Valid) checked;
        Cookie cookie = headers.getCookies().get(sessions.cookieName());
        String cookieValue = cookie == null ? null : cookie.getValue();
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<BrowserSession> session = sessions.find(cookieValue, now);
            Optional<BrowserSession> signedIn = session.filter(s -> s.isSignedIn() && stillActive(s)
                    && !request.promptLogin() && withinMaxAge(s, request, now));
            if (signedIn.isPresent()) {
                signedIn.get().lastSeenAt = now;
                String code = codes.issue(signedIn.get(), request, now);
                return Response.status(Response.Status.FOUND).location(requests.success(request, code)).build();
            }
            if (request.promptNone()) {
                return Response.status(Response.Status.FOUND)
                        .location(requests.error(request, OIDCError.LOGIN_REQUIRED)).build();
            }
            Response.ResponseBuilder next = Response.seeOther(URI.create("/sign-in"));
            BrowserSession pending;
            if (session.isPresent() && !session.get().isSignedIn()) {
                pending = session.get();
                pending.lastSeenAt = now;
            } else {
                Sessions.Started started = sessions.start(now);
                pending = started.session();
                next.cookie(sessions.cookie(started.cookieValue()));
            }
            pending.step = BrowserSession.Step.PASSWORD;
            pending.candidateAccountId = null;
            pending.clearOtp();
            pending.clearCps();
            pending.pendingRequest = request.query();
            pending.userAgent = BrowserSession.userAgentOf(headers.getHeaderString(HttpHeaders.USER_AGENT));
            return next.header("Cache-Control", "no-store").build();
        });
    }

    private static boolean stillActive(BrowserSession s) {
        Account account = Account.findById(s.accountId);
        return account != null && account.isActive();
    }

    private static boolean withinMaxAge(BrowserSession s, AuthorizationRequests.Valid request, Instant now) {
        return request.maxAge() < 0 || !now.isAfter(s.authenticatedAt.plusSeconds(request.maxAge()));
    }
}

package org.irisimaging.identity.signin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.irisimaging.identity.oidc.AuthorizationCodes;
import org.irisimaging.identity.oidc.AuthorizationRequests;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The last step of every interactive sign-in (password + code, CPS card, federation): the new
 * signed-in session's cookie, and the waiting authorization request answered with a code.
 */
@ApplicationScoped
public class SignInCompletion {

    private final Sessions sessions;
    private final AuthorizationRequests requests;
    private final AuthorizationCodes codes;
    private final Pages pages;

    SignInCompletion(Sessions sessions, AuthorizationRequests requests, AuthorizationCodes codes, Pages pages) {
        this.sessions = sessions;
        this.requests = requests;
        this.codes = codes;
        this.pages = pages;
    }

    /** Answers the authorization request waiting in the signed-in session {@code sessionId}. */
    public Response complete(UUID sessionId, String cookieValue, Locale locale) {
        var cookie = sessions.cookie(cookieValue);
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            BrowserSession session = BrowserSession.findById(sessionId);
            String pending = session.pendingRequest;
            session.pendingRequest = null;
            var checked = pending == null ? new AuthorizationRequests.ErrorPage("no_request")
                    : requests.checkStored(pending);
            return switch (checked) {
                case AuthorizationRequests.Valid valid -> Response.seeOther(
                        requests.success(valid, codes.issue(session, valid, now))).cookie(cookie).build();
                case AuthorizationRequests.ErrorRedirect redirect ->
                        Response.seeOther(redirect.location()).cookie(cookie).build();
                case AuthorizationRequests.ErrorPage page -> pages.error(400, locale, "errorSessionExpired");
            };
        });
    }
}

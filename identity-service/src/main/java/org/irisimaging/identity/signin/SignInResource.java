package org.irisimaging.identity.signin;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.oidc.AuthorizationCodes;
import org.irisimaging.identity.oidc.AuthorizationRequests;
import org.irisimaging.identity.oidc.RemoteAddress;
import org.irisimaging.identity.otp.OtpSenders;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sign-in pages: the password form, then the one-time code form. Both need the session cookie
 * set by the authorization endpoint and the session's CSRF token. When both factors passed, the
 * waiting authorization request is answered with a code.
 */
@Path("/sign-in")
@Tag(name = "Sign-in pages")
public class SignInResource {

    private final Sessions sessions;
    private final PasswordOtpSignIn signIn;
    private final OtpSenders senders;
    private final AuthorizationRequests requests;
    private final AuthorizationCodes codes;
    private final Pages pages;

    SignInResource(Sessions sessions, PasswordOtpSignIn signIn, OtpSenders senders, AuthorizationRequests requests,
                   AuthorizationCodes codes, Pages pages) {
        this.sessions = sessions;
        this.signIn = signIn;
        this.senders = senders;
        this.requests = requests;
        this.codes = codes;
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The password form")
    public Response passwordForm(@Context HttpHeaders headers) {
        Locale locale = Pages.locale(headers);
        Optional<BrowserSession> session = pending(headers);
        if (session.isEmpty()) {
            return pages.error(400, locale, "errorSessionExpired");
        }
        return pages.signIn(locale, session.get().csrfToken, null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Check the password and send a one-time code")
    public Response password(@FormParam("username") String username, @FormParam("password") String password,
                             @FormParam("csrf") String csrf, @Context HttpHeaders headers,
                             @Context HttpServerRequest request) {
        Locale locale = Pages.locale(headers);
        Optional<BrowserSession> session = pending(headers);
        if (session.isEmpty()) {
            return pages.error(400, locale, "errorSessionExpired");
        }
        if (!Secrets.equal(session.get().csrfToken, csrf)) {
            return pages.error(403, locale, "errorCsrf");
        }
        var result = signIn.checkPassword(session.get().id, username, password, clientOf(session.get()),
                RemoteAddress.of(request), locale);
        return switch (result) {
            case PasswordOtpSignIn.CodeSent sent -> Response.seeOther(URI.create("/sign-in/otp")).build();
            case PasswordOtpSignIn.PasswordRefused refused ->
                    pages.signIn(locale, session.get().csrfToken, username, "errorCredentials");
            case PasswordOtpSignIn.DeliveryFailed failed ->
                    pages.signIn(locale, session.get().csrfToken, username, "errorDelivery");
        };
    }

    @GET
    @Path("otp")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The one-time code form")
    public Response codeForm(@Context HttpHeaders headers) {
        Locale locale = Pages.locale(headers);
        Optional<BrowserSession> session = pending(headers);
        if (session.isEmpty()) {
            return pages.error(400, locale, "errorSessionExpired");
        }
        if (session.get().step != BrowserSession.Step.OTP) {
            return Response.seeOther(URI.create("/sign-in")).build();
        }
        return pages.otp(locale, session.get().csrfToken, destination(session.get()), null);
    }

    @POST
    @Path("otp")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Check the one-time code and answer the authorization request")
    public Response code(@FormParam("code") String code, @FormParam("csrf") String csrf,
                         @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Locale locale = Pages.locale(headers);
        Optional<BrowserSession> session = pending(headers);
        if (session.isEmpty()) {
            return pages.error(400, locale, "errorSessionExpired");
        }
        if (!Secrets.equal(session.get().csrfToken, csrf)) {
            return pages.error(403, locale, "errorCsrf");
        }
        String trimmed = code == null ? null : code.strip();
        var result = signIn.checkCode(session.get().id, trimmed, clientOf(session.get()), RemoteAddress.of(request));
        return switch (result) {
            case PasswordOtpSignIn.WrongCode wrong ->
                    pages.otp(locale, session.get().csrfToken, destination(session.get()), "errorOtp");
            case PasswordOtpSignIn.Restart restart ->
                    pages.signIn(locale, session.get().csrfToken, null, "errorOtpRestart");
            case PasswordOtpSignIn.SignedIn signedIn -> complete(signedIn, locale);
        };
    }

    /** Answers the waiting authorization request from the new signed-in session. */
    private Response complete(PasswordOtpSignIn.SignedIn signedIn, Locale locale) {
        var cookie = sessions.cookie(signedIn.cookieValue());
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            BrowserSession session = BrowserSession.findById(signedIn.session().id);
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

    /** The session of a sign-in in progress (with a waiting authorization request). */
    private Optional<BrowserSession> pending(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(sessions.cookieName());
        if (cookie == null) {
            return Optional.empty();
        }
        return sessions.find(cookie.getValue(), Instant.now())
                .filter(s -> !s.isSignedIn() && s.pendingRequest != null);
    }

    private String destination(BrowserSession session) {
        Account account = Account.findById(session.candidateAccountId);
        return account == null || session.otpChannel == null ? "" : senders.of(session.otpChannel).maskedDestination(account);
    }

    private static String clientOf(BrowserSession session) {
        List<String> ids = URLUtils.parseParameters(session.pendingRequest).get("client_id");
        return ids == null || ids.isEmpty() ? null : ids.getFirst();
    }
}

package org.irisimaging.identity.signin;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.cps.CpsAlternatives;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.http.Form;
import org.irisimaging.identity.http.MalformedInput;
import org.irisimaging.identity.oidc.RemoteAddress;
import org.irisimaging.identity.otp.OtpSenders;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;

import java.net.URI;
import java.time.Instant;
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
    private final SignInCompletion completion;
    private final CpsAlternatives alternatives;
    private final Pages pages;

    SignInResource(Sessions sessions, PasswordOtpSignIn signIn, OtpSenders senders, SignInCompletion completion,
                   CpsAlternatives alternatives, Pages pages) {
        this.sessions = sessions;
        this.signIn = signIn;
        this.senders = senders;
        this.completion = completion;
        this.alternatives = alternatives;
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
        return pages.signIn(locale, session.get().csrfToken, null, null, alternatives.offer(session.get().id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Check the password and send a one-time code")
    public Response password(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Locale locale = Pages.locale(headers);
        Form form;
        try {
            form = Form.parse(body);
        } catch (MalformedInput e) {
            return pages.error(400, locale, Pages.MALFORMED_REQUEST);
        }
        String username = form.first("username");
        String password = form.first("password");
        String csrf = form.first("csrf");
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
                    pages.signIn(locale, session.get().csrfToken, username, "errorCredentials",
                            alternatives.offer(session.get().id));
            case PasswordOtpSignIn.DeliveryFailed failed ->
                    pages.signIn(locale, session.get().csrfToken, username, "errorDelivery",
                            alternatives.offer(session.get().id));
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
    public Response code(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Locale locale = Pages.locale(headers);
        Form form;
        try {
            form = Form.parse(body);
        } catch (MalformedInput e) {
            return pages.error(400, locale, Pages.MALFORMED_REQUEST);
        }
        String code = form.first("code");
        String csrf = form.first("csrf");
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
                    pages.signIn(locale, session.get().csrfToken, null, "errorOtpRestart",
                            alternatives.offer(session.get().id));
            case PasswordOtpSignIn.SignedIn signedIn ->
                    completion.complete(signedIn.session().id, signedIn.cookieValue(), locale);
        };
    }

    /** The session of a sign-in in progress (with a waiting authorization request). */
    private Optional<BrowserSession> pending(HttpHeaders headers) {
        return sessions.pending(headers, Instant.now());
    }

    private String destination(BrowserSession session) {
        Account account = Account.findById(session.candidateAccountId);
        return account == null || session.otpChannel == null ? "" : senders.of(session.otpChannel).maskedDestination(account);
    }

    private static String clientOf(BrowserSession session) {
        return session.clientId();
    }
}

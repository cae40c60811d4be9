package org.irisimaging.identity.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.irisimaging.events.SignedOut;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.http.Form;
import org.irisimaging.identity.http.MalformedInput;
import org.irisimaging.identity.session.AccountSessions;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.SignOutAudit;
import org.irisimaging.identity.session.Sessions;
import org.irisimaging.identity.signin.Pages;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect RP-Initiated Logout 1.0 (the end-session endpoint). Ends the browser session and
 * revokes the refresh tokens issued in it. With a valid {@code id_token_hint} issued in this very
 * session (same {@code sid} and {@code sub}) it acts at once; otherwise it asks the person to
 * confirm (a form with the session's CSRF token), so that a third-party page cannot sign someone
 * out, not even with someone's ID token. The browser is sent back only to a post-logout
 * redirect URI registered for the client. Ending a signed-in session is audited ({@code SignedOut}).
 */
@Path("/logout")
@Tag(name = "OpenID Connect")
public class LogoutResource {

    private final Sessions sessions;
    private final AccountSessions accountSessions;
    private final SignOutAudit audit;
    private final ClientRegistry clients;
    private final Pages pages;
    private final JwtConsumer hintVerifier;
    private final String issuer;

    LogoutResource(Sessions sessions, AccountSessions accountSessions, SignOutAudit audit, ClientRegistry clients,
                   Pages pages, SigningKeys keys, IdentityConfig config) {
        this.sessions = sessions;
        this.accountSessions = accountSessions;
        this.audit = audit;
        this.clients = clients;
        this.pages = pages;
        this.issuer = config.issuer();
        // Signature only: an expired ID token is still a fine hint (OIDC RP-Initiated Logout §2).
        this.hintVerifier = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.verificationKeys()))
                .setSkipAllDefaultValidators()
                .build();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "End the session (RP-initiated logout)")
    public Response logout(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        Form query;
        try {
            query = Form.parse(uri.getRequestUri().getRawQuery());
        } catch (MalformedInput e) {
            return pages.error(400, Pages.locale(headers), Pages.MALFORMED_REQUEST);
        }
        return handle(query.parameters(), headers, false, RemoteAddress.of(http));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "End the session (RP-initiated logout, form or confirmation)")
    public Response logoutForm(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        Form form;
        try {
            form = Form.parse(body);
        } catch (MalformedInput e) {
            return pages.error(400, Pages.locale(headers), Pages.MALFORMED_REQUEST);
        }
        return handle(form.parameters(), headers, true, RemoteAddress.of(http));
    }

    private Response handle(Map<String, List<String>> params, HttpHeaders headers, boolean post, String remote) {
        Locale locale = Pages.locale(headers);
        Map<String, List<String>> protocol = new LinkedHashMap<>(params);
        protocol.remove("csrf");
        LogoutRequest request;
        try {
            request = LogoutRequest.parse(protocol);
        } catch (ParseException e) {
            return pages.error(400, locale, "errorLogoutRedirect");
        }
        Optional<JwtClaims> hint = verifiedHint(single(params, "id_token_hint"));
        String clientId = request.getClientID() != null ? request.getClientID().getValue()
                : hint.flatMap(LogoutResource::audience).orElse(null);
        URI back = request.getPostLogoutRedirectionURI();
        if (back != null && clients.find(clientId).filter(c -> c.hasPostLogoutRedirectUri(back.toString())).isEmpty()) {
            return pages.error(400, locale, "errorLogoutRedirect");
        }
        Cookie cookie = headers.getCookies().get(sessions.cookieName());
        Instant now = Instant.now();
        Optional<BrowserSession> session = cookie == null ? Optional.empty() : sessions.find(cookie.getValue(), now);
        // The hint vouches only for the session it was issued in: anyone's ID token must not end
        // this browser's session (RP-Initiated Logout §2: the OP confirms when they differ).
        boolean confirmed = hint.filter(h -> session.isPresent() && issuedIn(h, session.get())).isPresent()
                || (post && session.isPresent() && Secrets.equal(session.get().csrfToken, single(params, "csrf")));
        if (session.isPresent() && !confirmed) {
            Map<String, String> hidden = new LinkedHashMap<>();
            protocol.forEach((k, v) -> {
                if (!"id_token_hint".equals(k) && v.size() == 1) {
                    hidden.put(k, v.getFirst());
                }
            });
            if (clientId != null) {
                hidden.putIfAbsent("client_id", clientId);
            }
            return pages.confirmLogout(locale, session.get().csrfToken, hidden);
        }
        if (session.isPresent()) {
            BrowserSession s = session.get();
            List<String> clientsOfSession = QuarkusTransaction.requiringNew().call(() -> {
                sessions.end(BrowserSession.findById(s.id), now, SignedOut.LOGOUT);
                return accountSessions.clientsOf(s.id);
            });
            if (s.isSignedIn()) {
                audit.signedOut(s.accountId, s.id, clientsOfSession, SignedOut.LOGOUT, remote);
            }
        }
        if (back != null) {
            State state = request.getState();
            URI location = state == null ? back : URI.create(back + (back.getRawQuery() == null ? "?" : "&")
                    + URLUtils.serializeParameters(Map.of("state", List.of(state.getValue()))));
            return Response.seeOther(location).cookie(sessions.expiredCookie()).build();
        }
        return pages.signedOut(locale, sessions.expiredCookie());
    }

    private Optional<JwtClaims> verifiedHint(String idTokenHint) {
        if (idTokenHint == null) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = hintVerifier.processToClaims(idTokenHint);
            // An ID token (azp, no client_id) of this issuer; access tokens are not hints.
            boolean idToken = claims.hasClaim("azp") && !claims.hasClaim("client_id");
            return idToken && issuer.equals(claims.getIssuer()) ? Optional.of(claims) : Optional.empty();
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** Whether the ID token {@code hint} was issued in {@code session}, to its account. */
    private static boolean issuedIn(JwtClaims hint, BrowserSession session) {
        try {
            return session.accountId != null
                    && session.id.toString().equals(hint.getStringClaimValue("sid"))
                    && session.accountId.toString().equals(hint.getSubject());
        } catch (MalformedClaimException e) {
            return false;
        }
    }

    private static Optional<String> audience(JwtClaims claims) {
        try {
            List<String> audience = claims.getAudience();
            return audience.size() == 1 ? Optional.of(audience.getFirst()) : Optional.empty();
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 ? null : values.getFirst();
    }
}

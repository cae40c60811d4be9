package org.irisimaging.identity.cps.federation;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.cps.CpsAlternatives;
import org.irisimaging.identity.cps.CpsSignIn;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.oidc.RemoteAddress;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;
import org.irisimaging.identity.signin.Pages;
import org.irisimaging.identity.signin.SignInCompletion;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Sign-in through the upstream provider: {@code /sign-in/psc} sends the browser there with a fresh
 * state, nonce and PKCE verifier kept in its pending session; the callback accepts the answer once,
 * for the state it carries, and signs the practitioner in.
 */
@Path("/sign-in/psc")
@Tag(name = "Sign-in pages")
public class FederationResource {

    private static final Logger LOG = Logger.getLogger(FederationResource.class);

    private final IdentityConfig.Cps settings;
    private final UpstreamProvider upstream;
    private final CpsSignIn cps;
    private final Sessions sessions;
    private final SignInCompletion completion;
    private final CpsAlternatives alternatives;
    private final Pages pages;

    FederationResource(IdentityConfig config, UpstreamProvider upstream, CpsSignIn cps, Sessions sessions,
                       SignInCompletion completion, CpsAlternatives alternatives, Pages pages) {
        this.settings = config.cps();
        this.upstream = upstream;
        this.cps = cps;
        this.sessions = sessions;
        this.completion = completion;
        this.alternatives = alternatives;
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign in through the upstream provider (Pro Santé Connect)")
    public Response start(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        enabled();
        Locale locale = Pages.locale(headers);
        Instant now = Instant.now();
        Optional<BrowserSession> pending = sessions.pending(headers, now);
        if (pending.isEmpty()) {
            return pages.error(400, locale, "errorSessionExpired");
        }
        UpstreamProvider.Started started;
        try {
            started = upstream.start();
        } catch (FederationException e) {
            return failed(pending.get(), e, request, locale);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            BrowserSession session = BrowserSession.findById(pending.get().id, LockModeType.PESSIMISTIC_WRITE);
            session.upstreamStateHash = Secrets.digest(started.state());
            session.upstreamNonce = started.nonce();
            session.upstreamCodeVerifier = started.codeVerifier();
            session.upstreamExpiresAt = now.plus(settings.handoffLifetime());
            session.lastSeenAt = now;
        });
        return Response.seeOther(started.location()).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("callback")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The upstream provider's answer (redirect URI)")
    public Response callback(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        enabled();
        Locale locale = Pages.locale(headers);
        Instant now = Instant.now();
        String remote = RemoteAddress.of(request);
        Optional<BrowserSession> pending = sessions.pending(headers, now);
        if (pending.isEmpty()) {
            cps.refused(null, null, CpsSignIn.Means.FEDERATION, "no_sign_in_pending", remote);
            return pages.error(400, locale, "errorSessionExpired");
        }
        String clientId = pending.get().clientId();
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(uri.getRequestUri());
        } catch (ParseException e) {
            cps.refused(null, clientId, CpsSignIn.Means.FEDERATION, "upstream_response_invalid", remote);
            return pages.error(400, locale, "errorFederationFailed");
        }
        // The state is single use: consumed whatever the answer, so a replayed callback finds nothing.
        String state = response.getState() == null ? null : response.getState().getValue();
        Optional<Expected> expected = QuarkusTransaction.requiringNew().call(() -> {
            BrowserSession session = BrowserSession.findById(pending.get().id, LockModeType.PESSIMISTIC_WRITE);
            boolean matches = session.upstreamStateHash != null && state != null && state.length() <= 200
                    && Secrets.equal(session.upstreamStateHash, Secrets.digest(state))
                    && session.upstreamExpiresAt != null && now.isBefore(session.upstreamExpiresAt);
            Optional<Expected> snapshot = matches
                    ? Optional.of(new Expected(session.upstreamNonce, session.upstreamCodeVerifier)) : Optional.empty();
            session.clearUpstream();
            return snapshot;
        });
        if (expected.isEmpty()) {
            cps.refused(null, clientId, CpsSignIn.Means.FEDERATION, "state_mismatch", remote);
            return pages.error(400, locale, "errorFederationFailed");
        }
        if (response instanceof AuthenticationErrorResponse error) {
            String code = error.getErrorObject().getCode();
            cps.refused(null, clientId, CpsSignIn.Means.FEDERATION, "upstream_error:" + code, remote);
            return pages.signIn(locale, pending.get().csrfToken, null,
                    "access_denied".equals(code) ? "errorFederationCancelled" : "errorFederationFailed",
                    alternatives.offer(pending.get().id));
        }
        AuthenticationSuccessResponse success = (AuthenticationSuccessResponse) response;
        UpstreamProvider.Identity identity;
        try {
            if (success.getIssuer() != null && !success.getIssuer().getValue().equals(upstream.issuer())) {
                throw new FederationException("issuer_mismatch", "The answer names another issuer (RFC 9207)");
            }
            if (success.getAuthorizationCode() == null) {
                throw new FederationException("upstream_response_invalid", "No authorization code");
            }
            identity = upstream.redeem(success.getAuthorizationCode(), expected.get().codeVerifier(),
                    expected.get().nonce());
        } catch (FederationException e) {
            return failed(pending.get(), e, request, locale);
        }
        return switch (cps.signIn(pending.get().id, identity.idNatPs(), CpsSignIn.Means.FEDERATION, clientId, remote)) {
            case CpsSignIn.SignedIn signedIn -> completion.complete(signedIn.sessionId(), signedIn.cookieValue(), locale);
            case CpsSignIn.Refused refused -> pages.error(403, locale, refused.messageKey());
        };
    }

    private Response failed(BrowserSession pending, FederationException e, HttpServerRequest request, Locale locale) {
        // The reason only at WARN: the details may quote what the upstream sent.
        LOG.warnf("Federated sign-in failed (%s)", e.reason());
        LOG.debugf(e, "Federated sign-in failed: %s", e.getMessage());
        cps.refused(null, pending.clientId(), CpsSignIn.Means.FEDERATION, e.reason(), RemoteAddress.of(request));
        return pages.error("upstream_unavailable".equals(e.reason()) ? 502 : 400, locale, "errorFederationFailed");
    }

    private void enabled() {
        if (!settings.federation().enabled()) {
            throw new NotFoundException();
        }
    }

    /** What the callback needs from the request sent upstream. */
    private record Expected(String nonce, String codeVerifier) {
    }
}

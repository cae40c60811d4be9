package org.irisimaging.identity.cps.card;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.cps.CpsSignIn;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;
import org.irisimaging.identity.signin.Pages;
import org.irisimaging.identity.signin.SignInCompletion;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The CPS card sign-in, which spans two origins: the sign-in page (issuer) links to the TLS listener
 * with a one-time handle naming the browser's pending sign-in; the listener checks the card and sends
 * the browser back to the issuer with a one-time ticket; the issuer signs in only the browser whose
 * session cookie holds that ticket. A link or ticket passed to someone else is therefore worthless.
 */
@ApplicationScoped
public class CardHandoff {

    public static final String LISTENER_PATH = "/sign-in/cps";
    public static final String COMPLETION_PATH = "/sign-in/cps/complete";

    /** What the TLS listener answers: a redirect back to the issuer, or a page. */
    public sealed interface Answer permits Redirect, Page {
    }

    public record Redirect(URI location) implements Answer {
    }

    public record Page(Response response) implements Answer {
    }

    private final IdentityConfig config;
    private final CardTrust trust;
    private final CpsSignIn cps;
    private final Sessions sessions;
    private final SignInCompletion completion;
    private final Pages pages;

    CardHandoff(IdentityConfig config, CardTrust trust, CpsSignIn cps, Sessions sessions, SignInCompletion completion,
                Pages pages) {
        this.config = config;
        this.trust = trust;
        this.cps = cps;
        this.sessions = sessions;
        this.completion = completion;
        this.pages = pages;
    }

    /** The card link of the sign-in page for the pending session {@code sessionId} (a new handle each time). */
    public String link(UUID sessionId) {
        String handle = Secrets.newToken();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            BrowserSession session = BrowserSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
            session.handoffHash = Secrets.digest(handle);
            session.handoffExpiresAt = now.plus(config.cps().handoffLifetime());
        });
        String base = config.cps().mtls().publicUrl().orElseThrow().toString().replaceAll("/+$", "");
        return base + LISTENER_PATH + "?handle=" + handle;
    }

    /**
     * On the card listener: the link's handle and the card's chain (leaf first, maybe empty), unless
     * {@code refusedBefore} says why no chain could be had.
     */
    public Answer present(String handle, List<X509Certificate> chain, CardTrust.Rejected refusedBefore, String remote,
                          Locale locale) {
        Instant now = Instant.now();
        Optional<BrowserSession> found = QuarkusTransaction.requiringNew().call(() -> {
            Optional<BrowserSession> session = byHandoff(handle, now);
            session.ifPresent(s -> {
                s.handoffHash = null;
                s.handoffExpiresAt = null;
            });
            return session;
        });
        if (found.isEmpty()) {
            return new Page(pages.error(400, locale, "errorSessionExpired"));
        }
        String clientId = found.get().clientId();
        CardTrust.Verdict verdict = refusedBefore != null ? refusedBefore : trust.verify(chain);
        if (verdict instanceof CardTrust.Rejected rejected) {
            cps.refused(null, clientId, CpsSignIn.Means.CARD, rejected.reason(), remote);
            return new Page(pages.error(403, locale, rejected.messageKey()));
        }
        String idNatPs = ((CardTrust.Verified) verdict).idNatPs();
        Optional<CpsSignIn.Refused> refused = cps.check(idNatPs);
        if (refused.isPresent()) {
            cps.refused(cps.accountOf(idNatPs).map(UUID::toString).orElse(null), clientId, CpsSignIn.Means.CARD,
                    refused.get().reason(), remote);
            return new Page(pages.error(403, locale, refused.get().messageKey()));
        }
        String ticket = Secrets.newToken();
        QuarkusTransaction.requiringNew().run(() -> {
            BrowserSession session = BrowserSession.findById(found.get().id, LockModeType.PESSIMISTIC_WRITE);
            session.step = BrowserSession.Step.CPS_VERIFIED;
            session.candidateAccountId = cps.accountOf(idNatPs).orElseThrow();
            session.clearOtp();
            session.handoffHash = Secrets.digest(ticket);
            session.handoffExpiresAt = now.plus(config.cps().handoffLifetime());
        });
        return new Redirect(URI.create(config.issuer().replaceAll("/+$", "") + COMPLETION_PATH + "?ticket=" + ticket));
    }

    /** On the issuer: the browser is back with its ticket; signs it in if its cookie holds that ticket. */
    public Response complete(HttpHeaders headers, String ticket, String remote, Locale locale) {
        Instant now = Instant.now();
        Optional<BrowserSession> pending = sessions.pending(headers, now)
                .filter(s -> s.step == BrowserSession.Step.CPS_VERIFIED && s.candidateAccountId != null)
                .filter(s -> s.handoffHash != null && ticket != null && ticket.length() <= 100
                        && Secrets.equal(s.handoffHash, Secrets.digest(ticket))
                        && s.handoffExpiresAt != null && now.isBefore(s.handoffExpiresAt));
        if (pending.isEmpty()) {
            return pages.error(400, locale, "errorSessionExpired");
        }
        String idNatPs = QuarkusTransaction.requiringNew().call(() ->
                Account.<Account>findById(pending.get().candidateAccountId).idNatPs);
        CpsSignIn.Result result = cps.signIn(pending.get().id, idNatPs, CpsSignIn.Means.CARD, pending.get().clientId(),
                remote);
        return switch (result) {
            case CpsSignIn.SignedIn signedIn -> completion.complete(signedIn.sessionId(), signedIn.cookieValue(), locale);
            case CpsSignIn.Refused refused -> pages.error(403, locale, refused.messageKey());
        };
    }

    private Optional<BrowserSession> byHandoff(String handle, Instant now) {
        if (handle == null || handle.isBlank() || handle.length() > 100) {
            return Optional.empty();
        }
        return BrowserSession.<BrowserSession>find("handoffHash", Secrets.digest(handle))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .filter(s -> sessions.isLive(s, now) && !s.isSignedIn() && s.pendingRequest != null
                        && s.step != BrowserSession.Step.CPS_VERIFIED
                        && s.handoffExpiresAt != null && now.isBefore(s.handoffExpiresAt));
    }
}

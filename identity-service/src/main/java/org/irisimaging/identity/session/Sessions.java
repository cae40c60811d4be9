package org.irisimaging.identity.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.oidc.RefreshTokenFamily;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Server-side browser sessions: the idle timeout and absolute lifetime are checked on every use;
 * ending a session revokes the refresh tokens issued in it.
 */
@ApplicationScoped
public class Sessions {

    private final IdentityConfig.Session settings;

    Sessions(IdentityConfig config) {
        this.settings = config.session();
    }

    /** A new session and the cookie value that refers to it (only its digest is stored). */
    public record Started(BrowserSession session, String cookieValue) {
    }

    /** The live session behind {@code cookieValue}: not ended, not idle too long, not too old. */
    public Optional<BrowserSession> find(String cookieValue, Instant now) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Optional<BrowserSession> found = BrowserSession.find("cookieHash", Secrets.digest(cookieValue))
                .firstResultOptional();
        return found.filter(s -> isLive(s, now));
    }

    public boolean isLive(BrowserSession s, Instant now) {
        if (s.endedAt != null || !now.isBefore(s.lastSeenAt.plus(settings.idleTimeout()))) {
            return false;
        }
        Instant start = s.authenticatedAt != null ? s.authenticatedAt : s.createdAt;
        return now.isBefore(start.plus(settings.maxLifetime()));
    }

    /** The browser's sign-in in progress (not signed in, with a waiting authorization request). */
    public Optional<BrowserSession> pending(HttpHeaders headers, Instant now) {
        Cookie cookie = headers.getCookies().get(settings.cookieName());
        return cookie == null ? Optional.empty()
                : find(cookie.getValue(), now).filter(s -> !s.isSignedIn() && s.pendingRequest != null);
    }

    /** Persists a new session (step PASSWORD). Call inside a transaction. */
    public Started start(Instant now) {
        String cookie = Secrets.newToken();
        BrowserSession s = new BrowserSession();
        s.id = UUID.randomUUID();
        s.cookieHash = Secrets.digest(cookie);
        s.csrfToken = Secrets.newToken();
        s.createdAt = now;
        s.lastSeenAt = now;
        s.step = BrowserSession.Step.PASSWORD;
        s.persist();
        return new Started(s, cookie);
    }

    /** Ends {@code session} and revokes the refresh tokens issued in it. Call inside a transaction. */
    public void end(BrowserSession session, Instant now, String reason) {
        if (session.endedAt == null) {
            session.endedAt = now;
        }
        RefreshTokenFamily.revokeForSession(session.id, now, reason);
    }

    /** Ends every live session of an account (suspension, revocation). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endAllOf(UUID accountId, Instant now, String reason) {
        BrowserSession.<BrowserSession>stream("accountId = ?1 and endedAt is null", accountId)
                .forEach(s -> end(s, now, reason));
        RefreshTokenFamily.revokeForAccount(accountId, now, reason);
    }

    public NewCookie cookie(String value) {
        return new NewCookie.Builder(settings.cookieName())
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(settings.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    public NewCookie expiredCookie() {
        return new NewCookie.Builder(settings.cookieName())
                .value("")
                .path("/")
                .httpOnly(true)
                .secure(settings.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(0)
                .build();
    }

    public String cookieName() {
        return settings.cookieName();
    }
}

package org.irisimaging.identity.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.irisimaging.events.SignedOut;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.oidc.RefreshTokenFamily;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's own live sessions: listing them and signing one (or all the others) out, which is
 * what a logout does (the session ends, the refresh tokens issued in it are revoked).
 */
@ApplicationScoped
public class AccountSessions {

    /** The revocation reason recorded on the refresh tokens of a session its owner signed out. */
    public static final String SIGNED_OUT = SignedOut.SESSION_SIGNED_OUT;

    private final Sessions sessions;
    private final IdentityConfig.Session settings;

    AccountSessions(Sessions sessions, IdentityConfig config) {
        this.sessions = sessions;
        this.settings = config.session();
    }

    /** The live signed-in sessions of {@code accountId}, newest sign-in first. */
    @Transactional
    public List<SessionView> list(UUID accountId, Optional<UUID> currentSid, Instant now) {
        return live(accountId, now).stream()
                .sorted(Comparator.comparing((BrowserSession s) -> s.authenticatedAt).reversed())
                .map(s -> view(s, currentSid))
                .toList();
    }

    /**
     * Ends the live session {@code sessionId} when it is one of {@code accountId}'s; empty when
     * there is no such live session of that account (someone else's looks the same as none).
     */
    @Transactional
    public Optional<BrowserSession> end(UUID accountId, UUID sessionId, Instant now) {
        BrowserSession s = BrowserSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null || !s.isSignedIn() || !accountId.equals(s.accountId) || !sessions.isLive(s, now)) {
            return Optional.empty();
        }
        sessions.end(s, now, SIGNED_OUT);
        return Optional.of(s);
    }

    /** Ends every live session of {@code accountId} except {@code keep}; returns those it ended. */
    @Transactional
    public List<BrowserSession> endOthers(UUID accountId, Optional<UUID> keep, Instant now) {
        List<BrowserSession> others = live(accountId, now).stream()
                .filter(s -> keep.isEmpty() || !keep.get().equals(s.id))
                .toList();
        others.forEach(s -> sessions.end(s, now, SIGNED_OUT));
        return others;
    }

    /** Whether {@code sessionId} is a live session (the check on a token's {@code sid}). */
    @Transactional
    public boolean isLive(UUID sessionId, Instant now) {
        BrowserSession s = BrowserSession.findById(sessionId);
        return s != null && sessions.isLive(s, now);
    }

    /** The clients that received tokens in {@code session}, for the audit trail. */
    @Transactional
    public List<String> clientsOf(UUID sessionId) {
        return RefreshTokenFamily.<RefreshTokenFamily>stream("sessionId", sessionId)
                .map(f -> f.clientId).distinct().sorted().toList();
    }

    private List<BrowserSession> live(UUID accountId, Instant now) {
        return BrowserSession.<BrowserSession>list("accountId = ?1 and step = ?2 and endedAt is null",
                        accountId, BrowserSession.Step.SIGNED_IN).stream()
                .filter(s -> sessions.isLive(s, now))
                .toList();
    }

    private SessionView view(BrowserSession s, Optional<UUID> currentSid) {
        Instant idleEnd = s.lastSeenAt.plus(settings.idleTimeout());
        Instant absoluteEnd = s.authenticatedAt.plus(settings.maxLifetime());
        return new SessionView(s.id, currentSid.filter(s.id::equals).isPresent(), s.authenticatedAt, s.lastSeenAt,
                idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd, s.userAgent, clientsOf(s.id),
                s.amr == null ? List.of() : List.of(s.amr), s.acr);
    }
}

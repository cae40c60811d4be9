package org.irisimaging.identity.oidc;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;

import java.time.Instant;

/**
 * The refresh_token grant (RFC 6749 §6) with rotation: every use returns a new refresh token and
 * retires the old one; presenting a retired one again revokes the whole family (RFC 9700 §4.14.2).
 * A refresh also needs the session to be live, and counts as activity for its idle timeout.
 */
@ApplicationScoped
public class RefreshGrant {

    private final Sessions sessions;
    private final PersonTokens tokens;

    RefreshGrant(Sessions sessions, PersonTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    public GrantResult exchange(ClientRegistry.RegisteredClient client, RefreshTokenGrant grant) {
        Instant now = Instant.now();
        String hash = Secrets.digest(grant.getRefreshToken().getValue());
        return QuarkusTransaction.requiringNew().call(() -> {
            IssuedRefreshToken token = IssuedRefreshToken.findById(hash, LockModeType.PESSIMISTIC_WRITE);
            if (token == null) {
                return GrantResult.invalidGrant(null, "unknown_refresh_token");
            }
            RefreshTokenFamily family = RefreshTokenFamily.findById(token.familyId, LockModeType.PESSIMISTIC_WRITE);
            String subject = family.accountId.toString();
            if (!family.clientId.equals(client.id())) {
                return GrantResult.invalidGrant(subject, "refresh_token_of_another_client");
            }
            if (family.isRevoked()) {
                return GrantResult.invalidGrant(subject, "refresh_token_revoked");
            }
            if (token.rotatedAt != null) {
                family.revokedAt = now;
                family.revokedReason = "refresh_token_reuse";
                return GrantResult.invalidGrant(subject, "refresh_token_reuse");
            }
            BrowserSession session = BrowserSession.findById(family.sessionId);
            if (session == null || !sessions.isLive(session, now)) {
                family.revokedAt = now;
                family.revokedReason = "session_ended";
                return GrantResult.invalidGrant(subject, "session_ended");
            }
            Account account = Account.findById(family.accountId);
            if (account == null || !account.isActive()) {
                family.revokedAt = now;
                family.revokedReason = "inactive_account";
                return GrantResult.invalidGrant(subject, "inactive_account");
            }
            token.rotatedAt = now;
            session.lastSeenAt = now;
            String next = tokens.newRefreshToken(family, now);
            return tokens.response(account, session, client.id(), family.scope, next, false, null);
        });
    }
}

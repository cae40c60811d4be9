package org.irisimaging.identity.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;

import java.time.Instant;
import java.util.UUID;

/**
 * The authorization_code grant (RFC 6749 §4.1.3) with PKCE S256 (RFC 7636 §4.6). A code is used
 * once: presenting it again is refused and revokes the refresh tokens issued from it
 * (RFC 6749 §4.1.2). Failures are committed (the code stays used, the revocation holds).
 */
@ApplicationScoped
public class CodeGrant {

    private final Sessions sessions;
    private final PersonTokens tokens;

    CodeGrant(Sessions sessions, PersonTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    public GrantResult exchange(ClientRegistry.RegisteredClient client, AuthorizationCodeGrant grant) {
        Instant now = Instant.now();
        String hash = Secrets.digest(grant.getAuthorizationCode().getValue());
        return QuarkusTransaction.requiringNew().call(() -> {
            IssuedCode code = IssuedCode.findById(hash, LockModeType.PESSIMISTIC_WRITE);
            if (code == null) {
                return GrantResult.invalidGrant(null, "unknown_code");
            }
            String subject = code.accountId.toString();
            if (code.usedAt != null) {
                if (code.tokenFamilyId != null) {
                    RefreshTokenFamily.revoke(code.tokenFamilyId, now, "code_replay");
                }
                return GrantResult.invalidGrant(subject, "code_replay");
            }
            code.usedAt = now;
            if (!now.isBefore(code.expiresAt)) {
                return GrantResult.invalidGrant(subject, "code_expired");
            }
            if (!code.clientId.equals(client.id())) {
                return GrantResult.invalidGrant(subject, "code_of_another_client");
            }
            if (grant.getRedirectionURI() == null || !code.redirectUri.equals(grant.getRedirectionURI().toString())) {
                return GrantResult.invalidGrant(subject, "redirect_uri_mismatch");
            }
            if (grant.getCodeVerifier() == null) {
                return GrantResult.invalidGrant(subject, "pkce_verifier_missing");
            }
            String computed = CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).getValue();
            if (!Secrets.equal(code.codeChallenge, computed)) {
                return GrantResult.invalidGrant(subject, "pkce_verifier_mismatch");
            }
            BrowserSession session = BrowserSession.findById(code.sessionId);
            if (session == null || !sessions.isLive(session, now)) {
                return GrantResult.invalidGrant(subject, "session_ended");
            }
            Account account = Account.findById(code.accountId);
            if (account == null || !account.isActive()) {
                return GrantResult.invalidGrant(subject, "inactive_account");
            }
            RefreshTokenFamily family = new RefreshTokenFamily();
            family.id = UUID.randomUUID();
            family.clientId = client.id();
            family.accountId = account.id;
            family.sessionId = session.id;
            family.scope = code.scope;
            family.createdAt = now;
            family.persist();
            code.tokenFamilyId = family.id;
            session.lastSeenAt = now;
            String refresh = tokens.newRefreshToken(family, now);
            return tokens.response(account, session, client.id(), code.scope, refresh, true, code.nonce);
        });
    }
}

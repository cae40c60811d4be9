package org.irisimaging.identity.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.session.BrowserSession;

import java.time.Instant;

/** Issues authorization codes for a signed-in session (stored as digests, short-lived, single use). */
@ApplicationScoped
public class AuthorizationCodes {

    private final IdentityConfig config;

    AuthorizationCodes(IdentityConfig config) {
        this.config = config;
    }

    /** A new code for {@code request}, in the signed-in {@code session}; returns the code itself. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(BrowserSession session, AuthorizationRequests.Valid request, Instant now) {
        String code = Secrets.newToken();
        IssuedCode issued = new IssuedCode();
        issued.codeHash = Secrets.digest(code);
        issued.clientId = request.client().id();
        issued.redirectUri = request.redirectUri().toString();
        issued.codeChallenge = request.codeChallenge();
        issued.scope = request.scope();
        issued.nonce = request.nonce();
        issued.sessionId = session.id;
        issued.accountId = session.accountId;
        issued.expiresAt = now.plus(config.authorizationCodeLifetime());
        issued.persist();
        return code;
    }
}

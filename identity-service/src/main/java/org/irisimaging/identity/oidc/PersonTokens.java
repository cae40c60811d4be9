package org.irisimaging.identity.oidc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.session.BrowserSession;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds the token response for a person: access token, rotated refresh token, ID token. */
@ApplicationScoped
public class PersonTokens {

    private final TokenIssuer issuer;

    PersonTokens(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /** A new refresh token of {@code family}; returns its value (only the digest is stored). */
    @Transactional(Transactional.TxType.MANDATORY)
    public String newRefreshToken(RefreshTokenFamily family, Instant now) {
        String value = Secrets.newToken();
        IssuedRefreshToken token = new IssuedRefreshToken();
        token.tokenHash = Secrets.digest(value);
        token.familyId = family.id;
        token.issuedAt = now;
        token.persist();
        return value;
    }

    /**
     * The token response JSON. {@code nonce} and an ID token only after an authorization code
     * (OIDC Core §12.2 lets a refresh omit it).
     */
    public GrantResult.Issued response(Account account, BrowserSession session, String clientId, String scope,
                                       String refreshToken, boolean withIdToken, String nonce) {
        List<String> amr = session.amr == null ? List.of() : List.of(session.amr);
        String sid = session.id.toString();
        TokenIssuer.IssuedToken access = issuer.issueForAccount(account, clientId, amr, session.acr, scope, sid);
        BearerAccessToken bearer = new BearerAccessToken(access.accessToken(), access.expiresIn(), Scope.parse(scope));
        RefreshToken refresh = new RefreshToken(refreshToken);
        Set<String> scopes = new LinkedHashSet<>(Scope.parse(scope).toStringList());
        String json;
        if (withIdToken && scopes.contains("openid")) {
            String idToken = issuer.issueIdToken(account, clientId, nonce, session.authenticatedAt, amr, session.acr,
                    sid, scopes);
            json = new OIDCTokenResponse(new OIDCTokens(idToken, bearer, refresh)).toJSONObject().toJSONString();
        } else {
            json = new AccessTokenResponse(new Tokens(bearer, refresh)).toJSONObject().toJSONString();
        }
        return new GrantResult.Issued(json, account.id.toString(), List.of(account.roles));
    }
}

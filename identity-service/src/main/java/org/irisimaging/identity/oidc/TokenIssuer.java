package org.irisimaging.identity.oidc;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Issues the platform's signed JWTs: access tokens (RFC 9068 profile, roles in {@code groups},
 * which quarkus-oidc maps to security roles in every service) and OpenID Connect ID tokens.
 * Signing is smallrye-jwt's.
 */
@ApplicationScoped
public class TokenIssuer {

    private final IdentityConfig config;
    private final SigningKeys keys;

    TokenIssuer(IdentityConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /** A token for a service, after client_credentials: the subject is the client itself. */
    public IssuedToken issueForClient(String clientId, List<String> roles) {
        return sign(base(clientId, clientId, roles));
    }

    /** A token for a person signed in through {@code clientId} with the given {@code amr} and {@code acr}. */
    public IssuedToken issueForAccount(Account account, String clientId, List<String> amr, String acr) {
        return issueForAccount(account, clientId, amr, acr, null, null);
    }

    /** Same, with the granted {@code scope} and the session id {@code sid} when there is one. */
    public IssuedToken issueForAccount(Account account, String clientId, List<String> amr, String acr,
                                       String scope, String sid) {
        JwtClaimsBuilder claims = base(account.id.toString(), clientId, List.of(account.roles))
                .preferredUserName(account.username)
                .claim("given_name", account.givenName)
                .claim("family_name", account.familyName)
                .claim("establishments", List.of(account.establishments))
                .claim("amr", amr);
        if (acr != null) {
            claims.claim("acr", acr);
        }
        if (account.idNatPs != null) {
            claims.claim("idnat_ps", account.idNatPs);
        }
        if (account.email != null) {
            // the platform's own services write to the person (an export is ready) at this address
            claims.claim("email", account.email);
        }
        if (scope != null) {
            claims.claim("scope", scope);
        }
        if (sid != null) {
            claims.claim("sid", sid);
        }
        return sign(claims);
    }

    /** An OpenID Connect ID token for {@code clientId} (its audience), after an authorization code. */
    public String issueIdToken(Account account, String clientId, String nonce, Instant authTime, List<String> amr,
                               String acr, String sid, Set<String> scopes) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(config.issuer())
                .subject(account.id.toString())
                .audience(clientId)
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifetime()))
                .claim("jti", UUID.randomUUID().toString())
                .claim("azp", clientId)
                .claim("auth_time", authTime.getEpochSecond())
                .claim("amr", amr)
                .claim("sid", sid);
        if (acr != null) {
            claims.claim("acr", acr);
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (scopes.contains("profile")) {
            claims.preferredUserName(account.username)
                    .claim("given_name", account.givenName)
                    .claim("family_name", account.familyName);
            if (account.idNatPs != null) {
                claims.claim("idnat_ps", account.idNatPs);
            }
        }
        if (scopes.contains("email") && account.email != null) {
            claims.claim("email", account.email);
        }
        return claims.jws()
                .header("typ", "JWT")
                .keyId(keys.signingKeyId())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
    }

    private JwtClaimsBuilder base(String subject, String clientId, List<String> roles) {
        Instant now = Instant.now();
        return Jwt.claims()
                .issuer(config.issuer())
                .subject(subject)
                .audience(config.audience())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifetime()))
                .claim("jti", UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .groups(Set.copyOf(roles));
    }

    private IssuedToken sign(JwtClaimsBuilder claims) {
        String jwt = claims.jws()
                .header("typ", "at+jwt")
                .keyId(keys.signingKeyId())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
        return new IssuedToken(jwt, config.accessTokenLifetime().toSeconds());
    }

    /** A signed access token and its lifetime in seconds. */
    public record IssuedToken(String accessToken, long expiresIn) {
    }
}

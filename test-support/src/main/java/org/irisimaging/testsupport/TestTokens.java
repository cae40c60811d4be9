package org.irisimaging.testsupport;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.security.Key;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Access tokens for a service's own {@code @QuarkusTest}s, shaped like identity-service's and
 * validated by the service's real quarkus-oidc configuration (signature, issuer, audience, expiry)
 * against the key that {@link TestTokenIssuerResource} configures. Tokens from identity-service
 * itself are exercised end to end by the e2e smoke test.
 */
public final class TestTokens {

    public static final String ISSUER = "urn:iris:test-issuer";
    public static final String AUDIENCE = "iris-platform";

    private static final RsaJsonWebKey KEY = generate();

    private TestTokens() {
    }

    /** A valid token for {@code subject} with the given platform roles, valid for 10 minutes. */
    public static String issue(String subject, String... roles) {
        return sign(claims(subject, roles), KEY.getPrivateKey());
    }

    /**
     * A valid token for a person, with identity-service's person claims besides the roles, e.g.
     * {@code Map.of("idnat_ps", "810000000011", "establishments", List.of("750000001"))}: claim
     * values are strings or lists of strings.
     */
    public static String issue(String subject, Map<String, ?> personClaims, String... roles) {
        JwtClaims claims = claims(subject, roles);
        personClaims.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                claims.setStringListClaim(name, list.stream().map(String::valueOf).toList());
            } else {
                claims.setClaim(name, value);
            }
        });
        return sign(claims, KEY.getPrivateKey());
    }

    /** Same claims, signed by a key the service does not trust. */
    public static String forged(String subject, String... roles) {
        return sign(claims(subject, roles), generate().getPrivateKey());
    }

    /** Expired ten minutes ago. */
    public static String expired(String subject, String... roles) {
        JwtClaims claims = claims(subject, roles);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(-10);
        return sign(claims, KEY.getPrivateKey());
    }

    /** Meant for another audience. */
    public static String forAudience(String audience, String subject, String... roles) {
        JwtClaims claims = claims(subject, roles);
        claims.setAudience(audience);
        return sign(claims, KEY.getPrivateKey());
    }

    /** The public key in the base64 DER form that {@code quarkus.oidc.public-key} takes. */
    static String publicKey() {
        return Base64.getEncoder().encodeToString(KEY.getPublicKey().getEncoded());
    }

    private static JwtClaims claims(String subject, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", List.of(roles));
        return claims;
    }

    private static String sign(JwtClaims claims, Key key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey generate() {
        try {
            return RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}

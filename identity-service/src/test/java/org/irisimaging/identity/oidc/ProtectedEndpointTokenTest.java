package org.irisimaging.identity.oidc;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * identity-service's own protected endpoints (userinfo, the account API) accept its tokens and
 * refuse forged, expired, misdirected (audience) and foreign (issuer) ones, and unsigned ones.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class ProtectedEndpointTokenTest {

    private static final String ISSUER = "http://localhost:18081";
    private static final String PLATFORM_ADMIN = "00000000-0000-4000-8000-000000000003";

    @ParameterizedTest
    @ValueSource(strings = {"/userinfo", "/api/accounts/me", "/api/accounts"})
    void onlyGenuineCurrentTokensForThePlatformFromThisIssuerAreAccepted(String path) throws Exception {
        RsaJsonWebKey platformKey = platformKey();
        given().auth().oauth2(sign(claims(ISSUER, "iris-platform", 10), platformKey.getPrivateKey(),
                platformKey.getKeyId())).get(path).then().statusCode(200);

        given().get(path).then().statusCode(401);
        given().auth().oauth2("garbage").get(path).then().statusCode(401);
        RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
        // Forged: same kid, another key.
        given().auth().oauth2(sign(claims(ISSUER, "iris-platform", 10), other.getPrivateKey(), platformKey.getKeyId()))
                .get(path).then().statusCode(401);
        // Expired.
        given().auth().oauth2(sign(claims(ISSUER, "iris-platform", -10), platformKey.getPrivateKey(),
                platformKey.getKeyId())).get(path).then().statusCode(401);
        // For another audience (e.g. an ID token, whose audience is the client).
        given().auth().oauth2(sign(claims(ISSUER, "iris-viewer", 10), platformKey.getPrivateKey(),
                platformKey.getKeyId())).get(path).then().statusCode(401);
        // From another issuer, even signed with the right key.
        given().auth().oauth2(sign(claims("https://idp.example", "iris-platform", 10), platformKey.getPrivateKey(),
                platformKey.getKeyId())).get(path).then().statusCode(401);
        // Unsigned (alg none).
        given().auth().oauth2(unsigned(claims(ISSUER, "iris-platform", 10))).get(path).then().statusCode(401);
    }

    private static JwtClaims claims(String issuer, String audience, int minutes) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(PLATFORM_ADMIN);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(minutes);
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", List.of("platform-admin"));
        return claims;
    }

    /** The test profile's signing key (generated in target/ on first start). */
    private static RsaJsonWebKey platformKey() throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(Files.readString(Path.of("target/test-signing-keys.json")));
        return (RsaJsonWebKey) keys.getJsonWebKeys().getFirst();
    }

    private static String sign(JwtClaims claims, Key key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "at+jwt");
        return jws.getCompactSerialization();
    }

    private static String unsigned(JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        return jws.getCompactSerialization();
    }
}

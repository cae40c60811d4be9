package org.irisimaging.identity;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
class TokenEndpointTest {

    private static final String ISSUER = "http://localhost:18081";

    @Test
    void discoveryDocumentPointsAtThisIssuer() {
        given().get("/.well-known/openid-configuration").then()
                .statusCode(200)
                .body("issuer", equalTo(ISSUER))
                .body("jwks_uri", equalTo(ISSUER + "/jwks"))
                .body("token_endpoint", equalTo(ISSUER + "/token"))
                .body("grant_types_supported", hasItem("client_credentials"));
    }

    @Test
    void everyEndpointOfTheDiscoveryDocumentSitsOnTheIssuersOrigin() {
        Response discovery = given().get("/.well-known/openid-configuration");
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint",
                "end_session_endpoint")) {
            assertThat(discovery.<String>path(endpoint)).as(endpoint).startsWith(ISSUER + "/");
        }
        assertThat(discovery.<String>path("issuer")).isEqualTo(ISSUER);
    }

    @Test
    void jwksPublishesOnlyPublicKeyMaterial() {
        given().get("/jwks").then()
                .statusCode(200)
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0]", hasKey("n"))
                .body("keys[0]", not(hasKey("d")))
                .body("keys[0]", not(hasKey("p")));
    }

    @Test
    void clientCredentialsGivesATokenThatVerifiesAgainstTheJwks() throws Exception {
        String token = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials")
                .post("/token").then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .extract().path("access_token");

        JwtClaims claims = verifier("iris-platform").processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo("dev-cli");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("platform-admin");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
        // A consumer expecting another audience refuses it.
        assertThatThrownBy(() -> verifier("someone-else").processToClaims(token))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void clientSecretPostIsAcceptedToo() {
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "dev-cli").formParam("client_secret", "dev-secret")
                .post("/token").then()
                .statusCode(200);
    }

    @Test
    void wrongSecretUnknownClientAndUnsupportedGrantAreOAuthErrors() {
        given().auth().preemptive().basic("dev-cli", "nope").formParam("grant_type", "client_credentials")
                .post("/token").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"iris\"")
                .body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic("nobody", "dev-secret").formParam("grant_type", "client_credentials")
                .post("/token").then()
                .statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic("dev-cli", "dev-secret").formParam("grant_type", "password")
                .post("/token").then()
                .statusCode(400).body("error", equalTo("unsupported_grant_type"));
        given().auth().preemptive().basic("dev-cli", "dev-secret").formParam("scope", "x")
                .post("/token").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void devSignInGivesAUserTokenForADemoAccount() throws Exception {
        String token = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("username", "site-admin")
                .post("/dev/sign-in").then()
                .statusCode(200)
                .extract().path("access_token");

        JwtClaims claims = verifier("iris-platform").processToClaims(token);
        assertThat(claims.getStringListClaimValue("groups")).containsExactlyInAnyOrder("practitioner", "site-admin");
        assertThat(claims.getStringClaimValue("idnat_ps")).isEqualTo("810000000029");
        assertThat(claims.getStringListClaimValue("establishments")).containsExactly("750000001");
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("dev");

        given().auth().oauth2(token).get("/userinfo").then()
                .statusCode(200)
                .body("preferred_username", equalTo("site-admin"))
                .body("family_name", equalTo("Durand"));
    }

    @Test
    void devSignInRefusesUnknownAccountsAndUnauthenticatedClients() {
        given().auth().preemptive().basic("dev-cli", "dev-secret").formParam("username", "mallory")
                .post("/dev/sign-in").then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
        given().formParam("username", "prescriber")
                .post("/dev/sign-in").then()
                .statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void userinfoNeedsAValidToken() {
        given().get("/userinfo").then().statusCode(401);
        given().auth().oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get("/userinfo").then().statusCode(401);
    }

    @Test
    void errorsAreProblemDocuments() {
        Response response = given().auth().oauth2(serviceToken()).get("/no/such/path");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:iris:problem:not-found");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(404);
    }

    @Test
    void healthMetricsAndOpenApiArePublicAndReadinessChecksDatabaseAndKafka() {
        Response ready = given().get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        List<String> checks = ready.jsonPath().getList("checks.name");
        assertThat(checks).anyMatch(n -> n.toLowerCase().contains("database"));
        assertThat(checks).anyMatch(n -> n.toLowerCase().contains("kafka"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/token"));
    }

    static String serviceToken() {
        return given().auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials")
                .post("/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private static JwtConsumer verifier(String audience) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(ISSUER + "/jwks")))
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .build();
    }
}

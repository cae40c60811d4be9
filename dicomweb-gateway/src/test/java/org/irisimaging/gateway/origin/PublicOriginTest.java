package org.irisimaging.gateway.origin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.gateway.origin.OwningServiceEcho.ALLOWED_ORIGIN;

/**
 * The gateway as the one public origin: CORS for configured origins only, preflights answered
 * without a token, and the platform APIs and OpenID provider passed on to the services that own
 * them (here {@link OwningServiceEcho}, which answers with what it received).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(OwningServiceEcho.class)
class PublicOriginTest {

    private static final String OTHER_ORIGIN = "http://attacker.example.net";

    @Test
    void aPreflightFromAConfiguredOriginIsAnsweredWithoutAToken() {
        Response preflight = preflight(ALLOWED_ORIGIN, "/studies");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("GET");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNotEqualTo("true");
    }

    @Test
    void aPreflightFromAnotherOriginIsNotAllowed() {
        Response preflight = preflight(OTHER_ORIGIN, "/studies");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.statusCode()).isNotEqualTo(200);
    }

    @Test
    void aRequestFromAConfiguredOriginGetsItsOriginBack() {
        Response answer = given().header("Origin", ALLOWED_ORIGIN)
                .auth().oauth2(TestTokens.issue("admin-1", "site-admin"))
                .get("/api/dimse");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
        assertThat(answer.header("Access-Control-Expose-Headers")).contains("Content-Location");
    }

    @Test
    void aRequestFromAnotherOriginIsRefusedWithoutCorsHeaders() {
        Response answer = given().header("Origin", OTHER_ORIGIN)
                .auth().oauth2(TestTokens.issue("admin-1", "site-admin"))
                .get("/api/dimse");
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void theOpenIdProvidersPathsArePassedOnWithoutAToken() {
        Response discovery = given().get("/.well-known/openid-configuration");
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.asString()).contains("service=identity-service",
                "request=GET /.well-known/openid-configuration");
        for (String path : new String[] {"/jwks", "/authorize?client_id=iris-viewer&state=x", "/userinfo", "/logout",
                "/sign-in", "/sign-in/otp", "/sign-in/psc/callback?code=1", "/api/accounts", "/api/accounts/me"}) {
            assertThat(given().get(path).asString()).as(path).contains("service=identity-service", "request=GET " + path);
        }
    }

    @Test
    void aFormPostGoesThroughWithItsBodyCookiesAndCredentialsAndTheAnswerKeepsItsCookieAndLocation() {
        String form = "grant_type=authorization_code&code=" + "c".repeat(5000) + "&code_verifier=v";
        Response answer = given().redirects().follow(false)
                .header("Authorization", "Basic ZGV2LWNsaTpkZXYtc2VjcmV0")
                .header("Cookie", "iris_session=s1; iris_csrf=t1")
                .contentType("application/x-www-form-urlencoded")
                .body(form)
                .post("/token");
        assertThat(answer.statusCode()).isEqualTo(200);
        String echo = answer.asString();
        assertThat(echo).contains("request=POST /token", "body.length=" + form.length(),
                "body=grant_type=authorization_code&code=ccc",
                "header.authorization=Basic ZGV2LWNsaTpkZXYtc2VjcmV0",
                "header.cookie=iris_session=s1; iris_csrf=t1",
                "header.content-type=application/x-www-form-urlencoded");
        assertThat(answer.header("Set-Cookie")).isEqualTo("iris_session=abc; Path=/; HttpOnly");
        assertThat(answer.header("Location")).isEqualTo("http://localhost:8080/sign-in?from=identity-service");

        Response redirect = given().redirects().follow(false).get("/sign-in/found");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo("http://localhost:8080/sign-in?from=identity-service");
    }

    @Test
    void theGatewaySaysWhoCalledNotTheCaller() {
        String echo = given()
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "for=203.0.113.9")
                .header("X-Iris-Endpoint", "GET /somewhere-else")
                .get("/api/audit/accesses?study=1.2.3").asString();
        assertThat(echo).contains("service=study-index-service", "request=GET /api/audit/accesses?study=1.2.3",
                "header.x-forwarded-proto=http", "header.host=localhost:" + RestAssured.port,
                "header.x-forwarded-host=localhost:" + RestAssured.port);
        assertThat(line(echo, "header.x-forwarded-for")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(echo).doesNotContain("203.0.113.9", "evil.example", "x-iris-endpoint", "header.forwarded=");
    }

    @Test
    void theAnswerCarriesTheGatewaysCorsHeadersOnly() {
        Response answer = given().header("Origin", ALLOWED_ORIGIN).get("/api/my-patients");
        assertThat(answer.asString()).contains("service=study-index-service", "request=GET /api/my-patients");
        assertThat(answer.headers().getValues("Access-Control-Allow-Origin")).containsExactly(ALLOWED_ORIGIN);

        Response other = given().header("Origin", OTHER_ORIGIN).get("/api/my-patients");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.asString()).doesNotContain("service=");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aPreflightOnAProxiedPathIsTheGatewaysToAnswer() {
        Response preflight = preflight(ALLOWED_ORIGIN, "/token");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
        assertThat(preflight.asString()).doesNotContain("service=");
    }

    @Test
    void pathsNotListedStayOnTheGateway() {
        // internal APIs of study-index and lookalikes of listed paths: the gateway's own (unknown
        // to it, or needing a token), never passed on
        for (String path : new String[] {"/api/instances", "/dicomweb/studies", "/api/locations/studies/1.2.3",
                "/api/auditx", "/api/my-patientsx", "/tokens", "/sign-inx", "/dev/sign-in"}) {
            Response answer = given().urlEncodingEnabled(false).get(path);
            assertThat(answer.asString()).as(path).doesNotContain("service=");
            assertThat(answer.statusCode()).as(path).isIn(401, 404);
        }
    }

    @Test
    void aPathThatOnlyNormalisesToAListedOneIsRefused() {
        for (String path : new String[] {"/q/../api/audit", "/api/audit/../audit/accesses", "/api/%61udit/accesses"}) {
            Response answer = given().urlEncodingEnabled(false).get(path);
            assertThat(answer.asString()).as(path).doesNotContain("service=");
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
        }
    }

    private static Response preflight(String origin, String path) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization, accept")
                .options(path);
    }

    private static String line(String echo, String key) {
        return Arrays.stream(echo.split("\n")).filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1)).findFirst().orElse(null);
    }
}

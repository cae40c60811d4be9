package org.irisimaging.identity.oidc;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A viewer on another origin (allowed by configuration: http://localhost:3000) calls discovery,
 * JWKS, token and userinfo from the browser; a page on any other origin cannot, and the rest of
 * identity-service (sign-in pages, account API) is not opened to anyone.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
class OpenIdCorsTest {

    private static final String VIEWER = "http://localhost:3000";
    private static final String EVIL = "https://evil.example";

    @Test
    void preflightsFromAnAllowedOriginAreAnsweredWithoutAToken() {
        Response token = preflight(VIEWER, "/token", "POST", "content-type");
        assertThat(token.statusCode()).isEqualTo(204);
        assertThat(token.header("Access-Control-Allow-Origin")).isEqualTo(VIEWER);
        assertThat(token.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(token.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
        assertThat(token.header("Vary")).contains("Origin");

        // userinfo needs a token, its preflight does not (browsers never send one on a preflight).
        Response userinfo = preflight(VIEWER, "/userinfo", "GET", "authorization");
        assertThat(userinfo.statusCode()).isEqualTo(204);
        assertThat(userinfo.header("Access-Control-Allow-Origin")).isEqualTo(VIEWER);
        assertThat(userinfo.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
    }

    @Test
    void requestsFromAnAllowedOriginCarryTheCorsHeaders() {
        for (String path : List.of("/.well-known/openid-configuration", "/jwks")) {
            Response r = from(VIEWER).get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).isEqualTo(VIEWER);
        }
        Response token = from(VIEWER).auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials").post("/token");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.header("Access-Control-Allow-Origin")).isEqualTo(VIEWER);
        Response userinfo = from(VIEWER).auth().oauth2(token.path("access_token")).get("/userinfo");
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(userinfo.header("Access-Control-Allow-Origin")).isEqualTo(VIEWER);
        // Refused: the viewer can read why.
        Response refused = from(VIEWER).auth().oauth2("not-a-token").get("/userinfo");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(VIEWER);
        assertThat(refused.header("Access-Control-Expose-Headers")).contains("WWW-Authenticate");
        // The issuer's own origin is always allowed.
        Response own = from(AuthorizationCodeFlowTest.ISSUER).get("/jwks");
        assertThat(own.header("Access-Control-Allow-Origin")).isEqualTo(AuthorizationCodeFlowTest.ISSUER);
    }

    @Test
    void anotherOriginGetsNeitherPreflightNorAnswer() {
        Response preflight = preflight(EVIL, "/token", "POST", "content-type");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        Response discovery = from(EVIL).get("/.well-known/openid-configuration");
        assertThat(discovery.statusCode()).isEqualTo(403);
        assertThat(discovery.header("Access-Control-Allow-Origin")).isNull();
        // A form POST needs no preflight: the token endpoint refuses it rather than issue a token.
        Response token = from(EVIL).auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials").post("/token");
        assertThat(token.statusCode()).isEqualTo(403);
        assertThat(token.asString()).doesNotContain("access_token");
        assertThat(from("null").get("/jwks").statusCode()).isEqualTo(403);
        // A method or header the endpoint does not take is not pre-approved either.
        assertThat(preflight(VIEWER, "/jwks", "DELETE", null).statusCode()).isEqualTo(403);
        assertThat(preflight(VIEWER, "/token", "POST", "x-custom").statusCode()).isEqualTo(403);
    }

    @Test
    void theRestOfTheServiceIsNotOpenedToOtherOrigins() {
        for (String path : List.of("/api/accounts/charter", "/sign-in")) {
            Response r = from(VIEWER).get(path);
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
        assertThat(preflight(VIEWER, "/api/accounts", "POST", "content-type").header("Access-Control-Allow-Origin"))
                .isNull();
    }

    private static RequestSpecification from(String origin) {
        return given().redirects().follow(false).header("Origin", origin);
    }

    private static Response preflight(String origin, String path, String method, String headers) {
        RequestSpecification spec = from(origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            spec = spec.header("Access-Control-Request-Headers", headers);
        }
        return spec.options(path);
    }
}

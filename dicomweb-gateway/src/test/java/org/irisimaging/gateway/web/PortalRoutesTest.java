package org.irisimaging.gateway.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal on the public origin: its files and settings without a token, with the security
 * headers; {@code /} leads to it; nothing outside its files is reachable through its paths.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class PortalRoutesTest {

    @Test
    void theRootLeadsToThePortal() {
        Response root = given().redirects().follow(false).get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.header("Location")).isEqualTo("/portal/");
        Response bare = given().redirects().follow(false).get("/portal");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.header("Location")).isEqualTo("/portal/");
    }

    @Test
    void thePortalsPageIsServedWithoutATokenAndWithTheSecurityHeaders() {
        Response page = given().get("/portal/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body().asString()).contains("js/app.js").contains("lang=\"fr\"");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void theScriptsAndTheOpenIdClientLibraryAreServed() {
        Response app = given().get("/portal/js/app.js");
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.contentType()).contains("javascript");
        Response library = given().get("/portal/vendor/oidc-client-ts.min.js");
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.body().asString()).contains("UserManager");
    }

    @Test
    void theSettingsNameTheProviderTheClientAndTheIdleLimits() {
        Response settings = given().get("/portal/config.json");
        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(settings.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(settings.jsonPath().getString("clientId")).isEqualTo("iris-portal");
        // the provider is the tokens' issuer (the public origin on a real deployment)
        assertThat(settings.jsonPath().getString("authority")).isEqualTo(TestTokens.ISSUER);
        assertThat(settings.jsonPath().getLong("idleTimeoutSeconds")).isEqualTo(900);
        assertThat(settings.jsonPath().getLong("idleWarningSeconds")).isEqualTo(120);
        assertThat(settings.jsonPath().getString("viewerPath")).isEqualTo("/viewer/viewer");
    }

    @Test
    void theDataStillNeedsAToken() {
        assertThat(given().get("/studies").statusCode()).isEqualTo(401);
        assertThat(given().get("/portal/../studies").statusCode()).isIn(401, 400, 404);
        // an escaped dot segment is the data path again, which needs a token: never a file around it
        assertThat(given().urlEncodingEnabled(false).get("/portal/%2e%2e/studies").statusCode()).isIn(400, 401, 404);
        assertThat(given().urlEncodingEnabled(false).get("/portal/%2e%2e/%2e%2e/etc/passwd").statusCode())
                .isIn(400, 401, 404);
        assertThat(given().get("/portal/no-such-file.js").statusCode()).isEqualTo(404);
    }
}

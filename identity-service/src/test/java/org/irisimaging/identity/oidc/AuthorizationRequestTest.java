package org.irisimaging.identity.oidc;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.irisimaging.identity.Browser;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorization requests that must be refused: PKCE downgrades, redirect URI tampering (never
 * followed: an error page instead), unknown clients, unsupported response types.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class AuthorizationRequestTest {

    @Test
    void withoutPkceTheClientGetsInvalidRequest() {
        Map<String, String> params = valid("no-pkce");
        params.remove("code_challenge");
        params.remove("code_challenge_method");
        Response r = authorize(params);
        assertBackToClientWith(r, "invalid_request", "no-pkce");
    }

    @Test
    void plainPkceIsRefused() {
        Map<String, String> params = valid("plain");
        params.put("code_challenge", Browser.Pkce.create().verifier());
        params.put("code_challenge_method", "plain");
        assertBackToClientWith(authorize(params), "invalid_request", "plain");
    }

    @Test
    void aChallengeWithoutMethodMeansPlainAndIsRefused() {
        Map<String, String> params = valid("implicit-plain");
        params.remove("code_challenge_method");
        assertBackToClientWith(authorize(params), "invalid_request", "implicit-plain");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/callback",
            "http://localhost:3000/callback/",
            "http://localhost:3000/callback?x=1",
            "http://localhost:3000/callback#frag",
            "http://LOCALHOST:3000/callback",
            "http://localhost:3001/callback",
            "http://localhost:3000/Callback",
            ""})
    void aTamperedRedirectUriGetsAnErrorPageAndIsNeverFollowed(String redirectUri) {
        Map<String, String> params = valid("tampered");
        params.put("redirect_uri", redirectUri);
        Response r = authorize(params);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.header("Location")).isNull();
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.asString()).contains("pas redirigé").doesNotContain("evil.example");
    }

    @Test
    void aMissingRedirectUriGetsAnErrorPage() {
        Map<String, String> params = valid("missing");
        params.remove("redirect_uri");
        Response r = authorize(params);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.header("Location")).isNull();
    }

    @Test
    void aRepeatedRedirectUriGetsAnErrorPage() {
        Map<String, String> params = valid("repeated");
        params.remove("redirect_uri");
        Response r = given().redirects().follow(false).queryParams(params)
                .queryParam("redirect_uri", Browser.VIEWER_CALLBACK, "https://evil.example/callback")
                .get("/authorize");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.header("Location")).isNull();
    }

    @Test
    void anUnknownClientOrAServiceClientGetsAnErrorPage() {
        Map<String, String> params = valid("unknown");
        params.put("client_id", "nobody");
        Response unknown = authorize(params);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.header("Location")).isNull();
        assertThat(unknown.asString()).contains("pas enregistrée auprès d");

        // dev-cli is a client_credentials client: it may not use the code flow.
        params.put("client_id", "dev-cli");
        assertThat(authorize(params).statusCode()).isEqualTo(400);
    }

    @Test
    void anImplicitOrHybridResponseTypeIsRefused() {
        Map<String, String> params = valid("implicit");
        params.put("response_type", "token");
        assertBackToClientWith(authorize(params), "unsupported_response_type", "implicit");
        params.put("response_type", "code id_token");
        assertBackToClientWith(authorize(params), "unsupported_response_type", "implicit");
    }

    @Test
    void anUnknownScopeIsRefused() {
        Map<String, String> params = valid("scope");
        params.put("scope", "openid admin");
        assertBackToClientWith(authorize(params), "invalid_scope", "scope");
    }

    @Test
    void promptNoneWithoutSessionAnswersLoginRequired() {
        Map<String, String> params = valid("silent");
        params.put("prompt", "none");
        assertBackToClientWith(authorize(params), "login_required", "silent");
    }

    @Test
    void theSignInPagesNeedTheSessionAndItsCsrfToken() {
        // No session: an error page, nothing to sign in to.
        assertThat(new Browser().get("/sign-in").statusCode()).isEqualTo(400);
        Browser browser = new Browser();
        browser.get("/authorize", valid("csrf"));
        Response noToken = browser.post("/sign-in", Map.of("username", "prescriber", "password", "x"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        Response wrongToken = browser.post("/sign-in", Map.of("username", "prescriber", "password", "x",
                "csrf", "forged"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
    }

    private static Map<String, String> valid(String state) {
        return new LinkedHashMap<>(Browser.authorization(Browser.Pkce.create(), state));
    }

    private static Response authorize(Map<String, String> params) {
        return given().redirects().follow(false).queryParams(params).get("/authorize");
    }

    private static void assertBackToClientWith(Response r, String error, String state) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(302);
        assertThat(r.header("Location")).startsWith(Browser.VIEWER_CALLBACK + "?");
        assertThat(Browser.param(r, "error")).isEqualTo(error);
        assertThat(Browser.param(r, "state")).isEqualTo(state);
        assertThat(Browser.param(r, "code")).isNull();
        assertThat(r.getDetailedCookie(Browser.COOKIE)).isNull();
    }
}

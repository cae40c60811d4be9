package org.irisimaging.identity.oidc;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The authorization code flow with PKCE as a viewer runs it: password, e-mail code, code,
 * tokens, userinfo, refresh with rotation, single sign-on from the session, idle timeout, logout.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class AuthorizationCodeFlowTest {

    static final String ISSUER = "http://localhost:18081";

    @Inject
    TestAccounts accounts;

    @Test
    void passwordThenEmailCodeGivesTokensThatWorkAndRefresh() throws Exception {
        Account account = accounts.practitioner("flow");
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();

        Response authorize = browser.get("/authorize", Browser.authorization(pkce, "s1"));
        assertThat(authorize.statusCode()).isEqualTo(303);
        assertThat(authorize.header("Location")).isEqualTo(ISSUER + "/sign-in");
        String setCookie = authorize.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

        Response form = browser.get("/sign-in");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.contentType()).startsWith("text/html");
        assertThat(form.header("Cache-Control")).isEqualTo("no-store");
        assertThat(form.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(form.asString()).contains("Mot de passe").contains("lang=\"fr\"");

        int mails = Browser.mailsTo(account.email);
        Response afterPassword = browser.post("/sign-in", Map.of("username", account.username,
                "password", TestAccounts.PASSWORD, "csrf", Browser.csrf(form)));
        assertThat(afterPassword.statusCode()).isEqualTo(303);
        String code = Browser.awaitCode(account.email, mails);
        Response codePage = browser.get("/sign-in/otp");
        assertThat(codePage.asString()).contains(account.email.charAt(0) + "***@test.iris.invalid").doesNotContain(code);

        Response done = browser.code(code);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.header("Location")).startsWith(Browser.VIEWER_CALLBACK + "?");
        assertThat(Browser.param(done, "state")).isEqualTo("s1");
        assertThat(Browser.param(done, "iss")).isEqualTo(ISSUER);
        String authorizationCode = Browser.param(done, "code");

        Response tokens = given().formParam("grant_type", "authorization_code")
                .formParam("client_id", Browser.VIEWER)
                .formParam("code", authorizationCode)
                .formParam("redirect_uri", Browser.VIEWER_CALLBACK)
                .formParam("code_verifier", pkce.verifier())
                .post("/token");
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        assertThat(tokens.header("Cache-Control")).isEqualTo("no-store");
        String accessToken = tokens.path("access_token");
        String refreshToken = tokens.path("refresh_token");
        String idToken = tokens.path("id_token");
        assertThat(tokens.<String>path("token_type")).isEqualTo("Bearer");
        assertThat(refreshToken).isNotBlank();

        JwtClaims access = verify(accessToken, "iris-platform");
        assertThat(access.getSubject()).isEqualTo(account.id.toString());
        assertThat(access.getStringListClaimValue("amr")).containsExactly("pwd", "otp", "mfa");
        assertThat(access.getStringClaimValue("acr")).isEqualTo(Acr.PASSWORD_OTP);
        assertThat(access.getStringListClaimValue("groups")).containsExactly("practitioner");
        assertThat(access.getStringListClaimValue("establishments")).containsExactly("750000001");
        assertThat(access.getStringClaimValue("client_id")).isEqualTo(Browser.VIEWER);

        JwtClaims id = verify(idToken, Browser.VIEWER);
        assertThat(id.getSubject()).isEqualTo(account.id.toString());
        assertThat(id.getStringClaimValue("nonce")).isEqualTo("n-s1");
        assertThat(id.getClaimValue("auth_time")).isNotNull();
        assertThat(id.getStringClaimValue("preferred_username")).isEqualTo(account.username);

        given().auth().oauth2(accessToken).get("/userinfo").then().statusCode(200)
                .body("sub", equalTo(account.id.toString()))
                .body("preferred_username", equalTo(account.username));

        // Refresh: a new pair; the old refresh token is retired.
        Response refreshed = Browser.refresh(refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        String rotated = refreshed.path("refresh_token");
        assertThat(rotated).isNotEqualTo(refreshToken);
        assertThat(verify(refreshed.path("access_token"), "iris-platform").getSubject())
                .isEqualTo(account.id.toString());

        // Reusing the retired one is a theft signal: refused, and the whole family is revoked.
        Browser.refresh(refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
        Browser.refresh(rotated).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aLiveSessionSkipsTheSignInAndLogoutEndsItWithItsRefreshTokens() {
        Account account = accounts.practitioner("sso");
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "a"), account.username, TestAccounts.PASSWORD,
                account.email);
        String refreshToken = Browser.exchange(Browser.param(done, "code"), pkce).path("refresh_token");

        // Same browser, another authorization: the code comes at once.
        Browser.Pkce second = Browser.Pkce.create();
        Response again = browser.get("/authorize", Browser.authorization(second, "b"));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(Browser.param(again, "state")).isEqualTo("b");
        Browser.exchange(Browser.param(again, "code"), second).then().statusCode(200);

        // prompt=login forces a new sign-in.
        Map<String, String> forced = new java.util.LinkedHashMap<>(Browser.authorization(Browser.Pkce.create(), "c"));
        forced.put("prompt", "login");
        assertThat(browser.get("/authorize", forced).header("Location")).endsWith("/sign-in");

        // Logout without an ID token asks to confirm, then ends the session.
        Response confirm = browser.get("/logout", Map.of("client_id", Browser.VIEWER,
                "post_logout_redirect_uri", "http://localhost:3000/", "state", "bye"));
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.asString()).contains("action=\"/logout\"");
    }

    @Test
    void logoutWithIdTokenHintEndsTheSessionRevokesRefreshTokensAndReturnsToTheClient() {
        Account account = accounts.practitioner("logout");
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "x"), account.username, TestAccounts.PASSWORD,
                account.email);
        Response tokens = Browser.exchange(Browser.param(done, "code"), pkce);
        String refreshToken = tokens.path("refresh_token");

        Response out = browser.get("/logout", Map.of("id_token_hint", tokens.path("id_token"),
                "post_logout_redirect_uri", "http://localhost:3000/", "state", "bye"));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("http://localhost:3000/?state=bye");
        assertThat(browser.cookie()).isNull();

        Browser.refresh(refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // The browser must sign in again.
        assertThat(browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "y")).header("Location"))
                .endsWith("/sign-in");
    }

    @Test
    void anotherPersonsIdTokenHintDoesNotEndThisBrowsersSession() {
        Account alice = accounts.practitioner("hint-a");
        Account bob = accounts.practitioner("hint-b");
        Browser aliceBrowser = new Browser();
        Browser bobBrowser = new Browser();
        Browser.Pkce alicePkce = Browser.Pkce.create();
        Browser.Pkce bobPkce = Browser.Pkce.create();
        Response aliceTokens = Browser.exchange(Browser.param(aliceBrowser.signIn(
                Browser.authorization(alicePkce, "ha"), alice.username, TestAccounts.PASSWORD, alice.email), "code"),
                alicePkce);
        Response bobTokens = Browser.exchange(Browser.param(bobBrowser.signIn(
                Browser.authorization(bobPkce, "hb"), bob.username, TestAccounts.PASSWORD, bob.email), "code"),
                bobPkce);

        // A page in Alice's browser sends her to logout with Bob's (valid, signed) ID token.
        Response out = aliceBrowser.get("/logout", Map.of("id_token_hint", bobTokens.path("id_token"),
                "post_logout_redirect_uri", "http://localhost:3000/", "state", "bye"));
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.asString()).contains("action=\"/logout\"");
        assertThat(aliceBrowser.cookie()).isNotNull();
        // Neither session ended: both refresh tokens still work, and Alice is still signed in.
        Browser.refresh(aliceTokens.path("refresh_token")).then().statusCode(200);
        String bobRefresh = Browser.refresh(bobTokens.path("refresh_token")).then().statusCode(200)
                .extract().path("refresh_token");
        assertThat(aliceBrowser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "hc")).statusCode())
                .isEqualTo(302);

        // Bob's own ID token from another of his sessions does not end this one either (same sub, other sid).
        Browser bobElsewhere = new Browser();
        Browser.Pkce third = Browser.Pkce.create();
        Response elsewhere = Browser.exchange(Browser.param(bobElsewhere.signIn(
                Browser.authorization(third, "hd"), bob.username, TestAccounts.PASSWORD, bob.email), "code"), third);
        assertThat(bobBrowser.get("/logout", Map.of("id_token_hint", elsewhere.path("id_token"))).asString())
                .contains("action=\"/logout\"");
        Browser.refresh(bobRefresh).then().statusCode(200);

        // Alice confirms on the page: her session ends, Bob's does not.
        Response confirmed = aliceBrowser.post("/logout", Map.of("csrf", Browser.csrf(out),
                "post_logout_redirect_uri", "http://localhost:3000/", "state", "bye", "client_id", Browser.VIEWER));
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(aliceBrowser.cookie()).isNull();
        assertThat(bobBrowser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "he")).statusCode())
                .isEqualTo(302);
    }

    @Test
    void anUnregisteredPostLogoutRedirectIsNeverFollowed() {
        Response out = new Browser().get("/logout", Map.of("client_id", Browser.VIEWER,
                "post_logout_redirect_uri", "https://evil.example/"));
        assertThat(out.statusCode()).isEqualTo(400);
        assertThat(out.header("Location")).isNull();
    }

    @Test
    void anIdleSessionExpiresAndItsRefreshTokensStopWorking() {
        Account account = accounts.practitioner("idle");
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "i"), account.username, TestAccounts.PASSWORD,
                account.email);
        String refreshToken = Browser.exchange(Browser.param(done, "code"), pkce).path("refresh_token");

        // 16 minutes without activity (default idle timeout: 15 minutes).
        QuarkusTransaction.requiringNew().run(() -> BrowserSession.update(
                "lastSeenAt = ?1 where accountId = ?2", Instant.now().minusSeconds(16 * 60), account.id));

        assertThat(browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "j")).header("Location"))
                .endsWith("/sign-in");
        Browser.refresh(refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void userinfoRefusesATokenWhoseSessionHasEnded() {
        // Logout.
        Account account = accounts.practitioner("userinfo");
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "u"), account.username, TestAccounts.PASSWORD,
                account.email);
        Response tokens = Browser.exchange(Browser.param(done, "code"), pkce);
        String accessToken = tokens.path("access_token");
        given().auth().oauth2(accessToken).get("/userinfo").then().statusCode(200)
                .body("sub", equalTo(account.id.toString()));
        browser.get("/logout", Map.of("id_token_hint", tokens.path("id_token"))).then().statusCode(200);
        Response afterLogout = given().auth().oauth2(accessToken).get("/userinfo");
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(afterLogout.header("WWW-Authenticate")).contains("invalid_token");

        // Idle timeout.
        Browser other = new Browser();
        Browser.Pkce second = Browser.Pkce.create();
        Response again = other.signIn(Browser.authorization(second, "v"), account.username, TestAccounts.PASSWORD,
                account.email);
        String idleToken = Browser.exchange(Browser.param(again, "code"), second).path("access_token");
        given().auth().oauth2(idleToken).get("/userinfo").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> BrowserSession.update(
                "lastSeenAt = ?1 where accountId = ?2 and endedAt is null", Instant.now().minusSeconds(16 * 60),
                account.id));
        given().auth().oauth2(idleToken).get("/userinfo").then().statusCode(401);

        // A service token has no session to end.
        String service = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials").post("/token").path("access_token");
        given().auth().oauth2(service).get("/userinfo").then().statusCode(200).body("sub", equalTo("dev-cli"));
    }

    @Test
    void englishOnRequest() {
        Browser browser = new Browser().english();
        browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "en"));
        Response form = browser.get("/sign-in");
        assertThat(form.asString()).contains("Password").contains("lang=\"en\"").doesNotContain("Mot de passe");
    }

    @Test
    void discoveryAdvertisesWhatExists() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(ISSUER))
                .body("authorization_endpoint", equalTo(ISSUER + "/authorize"))
                .body("token_endpoint", equalTo(ISSUER + "/token"))
                .body("userinfo_endpoint", equalTo(ISSUER + "/userinfo"))
                .body("end_session_endpoint", equalTo(ISSUER + "/logout"))
                .body("jwks_uri", equalTo(ISSUER + "/jwks"))
                .body("code_challenge_methods_supported", equalTo(java.util.List.of("S256")))
                .body("response_types_supported", equalTo(java.util.List.of("code")))
                .body("grant_types_supported", hasItem("authorization_code"))
                .body("grant_types_supported", hasItem("refresh_token"))
                .body("scopes_supported", hasItem("openid"))
                .body("claims_supported", hasItem("idnat_ps"))
                .body("authorization_response_iss_parameter_supported", equalTo(true));
    }

    static JwtClaims verify(String jwt, String audience) throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(ISSUER + "/jwks")))
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .build()
                .processToClaims(jwt);
    }
}

package org.irisimaging.identity.oidc;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The token endpoint refuses what it must: a replayed code (and revokes what it gave),
 * a wrong or missing PKCE verifier, another redirect URI, another client's code, an expired code,
 * wrong client authentication.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class TokenGrantTest {

    @Inject
    TestAccounts accounts;

    private record Granted(String code, Browser.Pkce pkce) {
    }

    private Granted codeFor(String prefix) {
        Account account = accounts.practitioner(prefix);
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = new Browser().signIn(Browser.authorization(pkce, prefix), account.username,
                TestAccounts.PASSWORD, account.email);
        return new Granted(Browser.param(done, "code"), pkce);
    }

    @Test
    void aReplayedCodeIsRefusedAndTheRefreshTokenItGaveIsRevoked() {
        Granted g = codeFor("replay");
        Response first = Browser.exchange(g.code(), g.pkce());
        assertThat(first.statusCode()).isEqualTo(200);
        String refreshToken = first.path("refresh_token");

        Browser.exchange(g.code(), g.pkce()).then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
        Browser.refresh(refreshToken).then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aWrongVerifierIsRefusedAndUsesTheCodeUp() {
        Granted g = codeFor("verifier");
        Browser.exchange(g.code(), Browser.Pkce.create()).then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
        // The right verifier afterwards does not help: a code is tried once.
        Browser.exchange(g.code(), g.pkce()).then().statusCode(400);
    }

    @Test
    void aMissingVerifierIsRefused() {
        Granted g = codeFor("noverifier");
        given().formParam("grant_type", "authorization_code").formParam("client_id", Browser.VIEWER)
                .formParam("code", g.code()).formParam("redirect_uri", Browser.VIEWER_CALLBACK)
                .post("/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void anotherRedirectUriIsRefused() {
        Granted g = codeFor("redirect");
        given().formParam("grant_type", "authorization_code").formParam("client_id", Browser.VIEWER)
                .formParam("code", g.code()).formParam("redirect_uri", "http://localhost:3000/other")
                .formParam("code_verifier", g.pkce().verifier())
                .post("/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void anotherClientCannotRedeemTheCode() {
        Granted g = codeFor("otherclient");
        given().auth().preemptive().basic("web-app", "web-app-secret")
                .formParam("grant_type", "authorization_code")
                .formParam("code", g.code()).formParam("redirect_uri", Browser.VIEWER_CALLBACK)
                .formParam("code_verifier", g.pkce().verifier())
                .post("/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void anExpiredCodeIsRefused() {
        Granted g = codeFor("expired");
        QuarkusTransaction.requiringNew().run(() -> IssuedCode.update("expiresAt = ?1 where codeHash = ?2",
                Instant.now().minusSeconds(1), Secrets.digest(g.code())));
        Browser.exchange(g.code(), g.pkce()).then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void clientAuthenticationMustFitTheClient() {
        // A public client presenting a secret, a confidential client without one, an unknown client.
        given().auth().preemptive().basic(Browser.VIEWER, "anything").formParam("grant_type", "authorization_code")
                .formParam("code", "x").post("/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "authorization_code").formParam("client_id", "web-app")
                .formParam("code", "x").post("/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "refresh_token").formParam("client_id", "nobody")
                .formParam("refresh_token", "x").post("/token").then().statusCode(401);
        // A service client may not use the code grant.
        given().auth().preemptive().basic("dev-cli", "dev-secret").formParam("grant_type", "authorization_code")
                .formParam("code", "x").post("/token").then().statusCode(400)
                .body("error", equalTo("unauthorized_client"));
        // The viewer may not use client_credentials (it has no secret to authenticate with).
        given().formParam("grant_type", "client_credentials").formParam("client_id", Browser.VIEWER)
                .post("/token").then().statusCode(401);
    }

    @Test
    void unknownCodesAndRefreshTokensAreInvalidGrants() {
        Browser.exchange("not-a-code", Browser.Pkce.create()).then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
        Browser.refresh("not-a-refresh-token").then()
                .statusCode(400).body("error", equalTo("invalid_grant"));
    }
}

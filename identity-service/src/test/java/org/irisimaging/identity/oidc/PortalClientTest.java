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
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The portal and the viewer as the gateway serves them (public clients on the public origin):
 * code + PKCE without a secret, every token naming its session ({@code sid}), refreshes keeping
 * the session alive while the person is active and refused once it idled out, and RP-initiated
 * logout back to the portal's registered addresses.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class PortalClientTest {

    private static final String PORTAL_HOME = "http://localhost:8080/portal/";
    private static final String PORTAL_IDLE = "http://localhost:8080/portal/?signed-out=idle";

    @Inject
    TestAccounts accounts;

    private record Tokens(Browser browser, Response response) {
    }

    private Tokens signIn(Account account) {
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "st", Browser.PORTAL, Browser.PORTAL_CALLBACK),
                account.username, TestAccounts.PASSWORD, account.email);
        assertThat(done.header("Location")).startsWith(Browser.PORTAL_CALLBACK + "?");
        Response tokens = Browser.exchange(Browser.param(done, "code"), pkce, Browser.PORTAL, Browser.PORTAL_CALLBACK);
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        return new Tokens(browser, tokens);
    }

    @Test
    void everyTokenOfTheCodeAndRefreshGrantsNamesItsSession() throws Exception {
        Account account = accounts.practitioner("portal-sid");
        Response tokens = signIn(account).response();
        String sid = claims(tokens.path("access_token")).getStringClaimValue("sid");
        assertThat(sid).isNotBlank();
        assertThat(claims(tokens.path("id_token")).getStringClaimValue("sid")).isEqualTo(sid);
        Response refreshed = Browser.refresh(tokens.path("refresh_token"), Browser.PORTAL);
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(claims(refreshed.path("access_token")).getStringClaimValue("sid")).isEqualTo(sid);
        assertThat(claims(refreshed.path("access_token")).getStringClaimValue("client_id")).isEqualTo(Browser.PORTAL);
    }

    @Test
    void refreshingKeepsTheSessionAliveAndAnIdleOneCannotBeRefreshed() throws Exception {
        Account account = accounts.practitioner("portal-idle");
        Response tokens = signIn(account).response();
        UUID sid = UUID.fromString(claims(tokens.path("access_token")).getStringClaimValue("sid"));

        // 14 minutes without activity: still live; a refresh counts as activity.
        setLastSeen(sid, Instant.now().minus(Duration.ofMinutes(14)));
        Instant before = Instant.now();
        String next = Browser.refresh(tokens.path("refresh_token"), Browser.PORTAL).then().statusCode(200)
                .extract().path("refresh_token");
        assertThat(lastSeen(sid)).isAfterOrEqualTo(before.minusMillis(1));
        // Another 14 minutes from there: live again only because the refresh moved the clock.
        setLastSeen(sid, Instant.now().minus(Duration.ofMinutes(14)));
        next = Browser.refresh(next, Browser.PORTAL).then().statusCode(200).extract().path("refresh_token");

        // Past the idle timeout (15 minutes): refused, and the session is over.
        setLastSeen(sid, Instant.now().minus(Duration.ofMinutes(16)));
        Browser.refresh(next, Browser.PORTAL).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void logoutWithAnIdTokenHintReturnsToThePortal() {
        for (String back : new String[] {PORTAL_HOME, PORTAL_IDLE}) {
            Account account = accounts.practitioner("portal-out");
            Tokens in = signIn(account);
            Response out = in.browser().get("/logout", Map.of("id_token_hint", in.response().path("id_token"),
                    "post_logout_redirect_uri", back, "state", "bye"));
            assertThat(out.statusCode()).as(out.asString()).isEqualTo(303);
            assertThat(out.header("Location")).isEqualTo(back + (back.contains("?") ? "&" : "?") + "state=bye");
            assertThat(in.browser().cookie()).isNull();
            Browser.refresh(in.response().path("refresh_token"), Browser.PORTAL).then().statusCode(400)
                    .body("error", equalTo("invalid_grant"));
        }
        // Only the registered addresses: another path of the same origin is refused.
        Response other = new Browser().get("/logout", Map.of("client_id", Browser.PORTAL,
                "post_logout_redirect_uri", "http://localhost:8080/portal/evil"));
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.header("Location")).isNull();
    }

    @Test
    void thePortalIsAPublicClientAndTheViewerIsServedOnThePublicOriginToo() {
        // No secret to present: client_credentials is not for it, a secret is refused.
        given().formParam("grant_type", "client_credentials").formParam("client_id", Browser.PORTAL)
                .post("/token").then().statusCode(401);
        given().auth().preemptive().basic(Browser.PORTAL, "anything").formParam("grant_type", "refresh_token")
                .formParam("refresh_token", "x").post("/token").then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        // The viewer's callback on the public origin is registered.
        Response authorize = new Browser().get("/authorize", Browser.authorization(Browser.Pkce.create(), "v",
                Browser.VIEWER, "http://localhost:8080/viewer/callback"));
        assertThat(authorize.statusCode()).isEqualTo(303);
        assertThat(authorize.header("Location")).endsWith("/sign-in");
        // Its post-logout address too.
        Response out = new Browser().get("/logout", Map.of("client_id", Browser.VIEWER,
                "post_logout_redirect_uri", "http://localhost:8080/viewer/", "state", "z"));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("http://localhost:8080/viewer/?state=z");
    }

    private static void setLastSeen(UUID sid, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> BrowserSession.update("lastSeenAt = ?1 where id = ?2", at, sid));
    }

    private static Instant lastSeen(UUID sid) {
        return QuarkusTransaction.requiringNew().call(() -> BrowserSession.<BrowserSession>findById(sid).lastSeenAt);
    }

    private static JwtClaims claims(String jwt) throws Exception {
        return new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(jwt);
    }
}

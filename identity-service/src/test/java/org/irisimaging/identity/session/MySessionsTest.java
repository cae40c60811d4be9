package org.irisimaging.identity.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The account screen's active sessions: a person lists their live sessions (the token's own marked
 * current) and signs one out, or all the others, which ends them like a logout; nobody can see or
 * end another person's session, and a token whose session ended cannot be used for it.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class MySessionsTest {

    private static final String SESSIONS = "/api/accounts/me/sessions";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36";

    @Inject
    TestAccounts accounts;

    /** A signed-in browser of the portal and the tokens it got. */
    private record SignedIn(Browser browser, String accessToken, String refreshToken, String idToken, String sid) {
    }

    private static SignedIn signIn(Account account, String userAgent) {
        Browser browser = new Browser().userAgent(userAgent);
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "p", Browser.PORTAL, Browser.PORTAL_CALLBACK),
                account.username, TestAccounts.PASSWORD, account.email);
        Response tokens = Browser.exchange(Browser.param(done, "code"), pkce, Browser.PORTAL, Browser.PORTAL_CALLBACK);
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        String access = tokens.path("access_token");
        return new SignedIn(browser, access, tokens.path("refresh_token"), tokens.path("id_token"), sid(access));
    }

    static String sid(String jwt) {
        try {
            return new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().processToClaims(jwt).getStringClaimValue("sid");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPersonSeesTheirLiveSessionsWithTheCurrentOneMarked() {
        Account account = accounts.practitioner("list");
        SignedIn laptop = signIn(account, FIREFOX);
        SignedIn desk = signIn(account, CHROME);
        // Someone else's session never shows.
        signIn(accounts.practitioner("list-other"), FIREFOX);

        Response list = given().auth().oauth2(laptop.accessToken()).get(SESSIONS);
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(200);
        List<Map<String, Object>> sessions = list.jsonPath().getList("$");
        assertThat(sessions).extracting(s -> s.get("id")).containsExactlyInAnyOrder(laptop.sid(), desk.sid());
        // Newest sign-in first.
        assertThat(sessions.getFirst().get("id")).isEqualTo(desk.sid());

        Map<String, Object> mine = sessions.stream().filter(s -> laptop.sid().equals(s.get("id"))).findFirst().orElseThrow();
        assertThat(mine.get("current")).isEqualTo(true);
        assertThat(mine.get("userAgent")).isEqualTo(FIREFOX);
        assertThat(mine.get("clients")).isEqualTo(List.of(Browser.PORTAL));
        assertThat(mine.get("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
        assertThat(mine.get("acr")).isNotNull();
        Instant signedIn = Instant.parse((String) mine.get("signedInAt"));
        Instant lastActivity = Instant.parse((String) mine.get("lastActivityAt"));
        Instant expires = Instant.parse((String) mine.get("expiresAt"));
        assertThat(lastActivity).isAfterOrEqualTo(signedIn);
        // The idle timeout (15 minutes) after the last activity.
        assertThat(Duration.between(lastActivity, expires)).isEqualTo(Duration.ofMinutes(15));

        Map<String, Object> other = sessions.stream().filter(s -> desk.sid().equals(s.get("id"))).findFirst().orElseThrow();
        assertThat(other.get("current")).isEqualTo(false);
        assertThat(other.get("userAgent")).isEqualTo(CHROME);

        // The other browser's token sees the same two, its own marked current.
        given().auth().oauth2(desk.accessToken()).get(SESSIONS).then().statusCode(200)
                .body("find { it.current }.id", equalTo(desk.sid()))
                .body("size()", equalTo(2));
    }

    @Test
    void signingASessionOutEndsItLikeALogout() throws Exception {
        Account account = accounts.practitioner("signout");
        SignedIn here = signIn(account, FIREFOX);
        SignedIn there = signIn(account, CHROME);
        Instant before = Instant.now();

        given().auth().oauth2(here.accessToken()).delete(SESSIONS + "/" + there.sid()).then().statusCode(204);

        // Its refresh tokens are revoked, its browser must sign in again, its access token is
        // refused at userinfo; this session goes on.
        Browser.refresh(there.refreshToken(), Browser.PORTAL).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        assertThat(there.browser().get("/authorize", Browser.authorization(Browser.Pkce.create(), "again",
                Browser.PORTAL, Browser.PORTAL_CALLBACK)).header("Location")).endsWith("/sign-in");
        given().auth().oauth2(there.accessToken()).get("/userinfo").then().statusCode(401);
        given().auth().oauth2(there.accessToken()).get(SESSIONS).then().statusCode(401);
        Browser.refresh(here.refreshToken(), Browser.PORTAL).then().statusCode(200);
        given().auth().oauth2(here.accessToken()).get(SESSIONS).then().statusCode(200)
                .body("id", equalTo(List.of(here.sid())));

        // An ended session is gone: signing it out again is 404.
        given().auth().oauth2(here.accessToken()).delete(SESSIONS + "/" + there.sid()).then().statusCode(404);

        // Audited: a SignedOut event naming the account, the session and the client.
        JsonNode event = awaitSignedOut(there.sid(), before);
        assertThat(event.path("subject").asText()).isEqualTo(account.id.toString());
        assertThat(event.path("reason").asText()).isEqualTo("session_signed_out");
        assertThat(event.path("clients").get(0).asText()).isEqualTo(Browser.PORTAL);

        // Signing out the current session is allowed too: the token is then refused.
        given().auth().oauth2(here.accessToken()).delete(SESSIONS + "/" + here.sid()).then().statusCode(204);
        given().auth().oauth2(here.accessToken()).get(SESSIONS).then().statusCode(401);
    }

    @Test
    void anotherPersonsSessionLooksLikeNoSession() {
        Account alice = accounts.practitioner("alice");
        Account bob = accounts.practitioner("bob");
        SignedIn aliceIn = signIn(alice, FIREFOX);
        SignedIn bobIn = signIn(bob, CHROME);

        Response refused = given().auth().oauth2(aliceIn.accessToken()).delete(SESSIONS + "/" + bobIn.sid());
        assertThat(refused.statusCode()).isEqualTo(404);
        Response unknown = given().auth().oauth2(aliceIn.accessToken()).delete(SESSIONS + "/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        // Same answer for someone's session and for none (no oracle of session ids).
        assertThat(refused.jsonPath().getString("type")).isEqualTo(unknown.jsonPath().getString("type"));
        assertThat(refused.jsonPath().getString("detail")).isEqualTo(unknown.jsonPath().getString("detail"));
        for (String malformed : new String[] {"not-a-session", "1", "%27%20or%201=1", "00000000-0000-0000-0000-0000000000000"}) {
            given().auth().oauth2(aliceIn.accessToken()).urlEncodingEnabled(false).delete(SESSIONS + "/" + malformed)
                    .then().statusCode(404);
        }
        // Bob's session is untouched: his refresh token still works and he still sees it.
        String bobRefresh = Browser.refresh(bobIn.refreshToken(), Browser.PORTAL).then().statusCode(200)
                .extract().path("refresh_token");
        given().auth().oauth2(bobIn.accessToken()).get(SESSIONS).then().statusCode(200)
                .body("id", equalTo(List.of(bobIn.sid())));
        // Alice signing out "all the others" leaves Bob's alone.
        given().auth().oauth2(aliceIn.accessToken()).delete(SESSIONS).then().statusCode(200).body("ended", equalTo(0));
        Browser.refresh(bobRefresh, Browser.PORTAL).then().statusCode(200);
    }

    @Test
    void signingOutEverywhereElseKeepsOnlyTheCurrentSession() {
        Account account = accounts.practitioner("others");
        SignedIn one = signIn(account, FIREFOX);
        SignedIn two = signIn(account, CHROME);
        SignedIn three = signIn(account, CHROME);

        given().auth().oauth2(two.accessToken()).delete(SESSIONS).then().statusCode(200).body("ended", equalTo(2));

        Browser.refresh(one.refreshToken(), Browser.PORTAL).then().statusCode(400);
        Browser.refresh(three.refreshToken(), Browser.PORTAL).then().statusCode(400);
        Browser.refresh(two.refreshToken(), Browser.PORTAL).then().statusCode(200);
        given().auth().oauth2(two.accessToken()).get(SESSIONS).then().statusCode(200)
                .body("id", equalTo(List.of(two.sid())));
    }

    @Test
    void aHostileUserAgentIsStoredCutAndWithoutControlCharacters() {
        Account account = accounts.practitioner("agent");
        String hostile = "Evil\t<script>alert(1)</script>" + "x".repeat(2000);
        SignedIn in = signIn(account, hostile);
        String stored = given().auth().oauth2(in.accessToken()).get(SESSIONS).then().statusCode(200)
                .extract().path("[0].userAgent");
        assertThat(stored).hasSize(400).startsWith("Evil<script>alert(1)</script>xxx").doesNotContain("\t");
    }

    @Test
    void aTokenWithoutAnAccountHasNoSessions() {
        String service = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials").post("/token").path("access_token");
        given().auth().oauth2(service).get(SESSIONS).then().statusCode(404);
        given().auth().oauth2(service).delete(SESSIONS + "/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(service).delete(SESSIONS).then().statusCode(404);
        given().get(SESSIONS).then().statusCode(401);
        given().delete(SESSIONS + "/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void logoutIsAuditedToo() throws Exception {
        Account account = accounts.practitioner("logout-audit");
        SignedIn in = signIn(account, FIREFOX);
        Instant before = Instant.now();
        Response out = in.browser().get("/logout", Map.of("id_token_hint", in.idToken(),
                "post_logout_redirect_uri", "http://localhost:8080/portal/?signed-out=idle", "state", "s"));
        assertThat(out.statusCode()).isEqualTo(303);
        JsonNode event = awaitSignedOut(in.sid(), before);
        assertThat(event.path("reason").asText()).isEqualTo("logout");
        assertThat(event.path("subject").asText()).isEqualTo(account.id.toString());
    }

    /** The SignedOut event of session {@code sid} published since {@code since}. */
    static JsonNode awaitSignedOut(String sid, Instant since) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (KafkaCompanion kafka = new KafkaCompanion(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.SIGNED_OUT);
            List<JsonNode> found = new ArrayList<>();
            List<String> types = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                found.clear();
                for (ConsumerRecord<String, String> r : consumer.getRecords()) {
                    JsonNode e = json.readTree(r.value());
                    if (sid.equals(e.path("sessionId").asText())) {
                        found.add(e);
                        types.add(new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
                    }
                }
                assertThat(found).as("a SignedOut event of session %s", sid).isNotEmpty();
            });
            consumer.stop();
            assertThat(types.getLast()).isEqualTo(EventTypes.SIGNED_OUT);
            return found.getLast();
        }
    }
}

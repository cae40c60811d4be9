package org.irisimaging.identity.account;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The account API: registration with the charter and the password policy, approval before any
 * access, suspension and revocation (which end sessions), administrators limited to their
 * establishments, and each person's own contact details, password and code channel.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class AccountApiTest {

    @Inject
    TestAccounts accounts;

    @Test
    void aRegistrationWaitsForApprovalThenTheSiteAdminApprovesIt() {
        String charter = given().get("/api/accounts/charter").then().statusCode(200).extract().path("version");
        String idNat = newRpps();
        Response created = register(idNat, "750000001", "Strong-Password-9", charter);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/accounts/" + created.path("id"));
        assertThat(created.<String>path("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(created.<String>path("username")).isEqualTo(idNat);
        assertThat(created.<Boolean>path("hasPassword")).isTrue();
        assertThat(created.asString()).doesNotContain("argon2").doesNotContain("Strong-Password-9");
        String id = created.path("id");

        // The site admin of 750000001 sees it among pending registrations and approves it.
        String siteAdmin = devToken("site-admin");
        given().auth().oauth2(siteAdmin).queryParam("status", "PENDING_APPROVAL").get("/api/accounts").then()
                .statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(siteAdmin).post("/api/accounts/" + id + "/approve").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        // Approving twice is a conflict.
        given().auth().oauth2(siteAdmin).post("/api/accounts/" + id + "/approve").then()
                .statusCode(409).body("type", equalTo("urn:iris:problem:invalid-status-transition"));
    }

    @Test
    void registrationChecksTheCharterThePolicyTheIdentifierAndDuplicates() {
        String charter = given().get("/api/accounts/charter").then().extract().path("version");
        String idNat = newRpps();
        register(idNat, "750000001", "Strong-Password-9", "1999-0").then().statusCode(400)
                .body("type", equalTo("urn:iris:problem:charter-not-accepted"));
        // The seed portals' policy (6 characters) is not enough here.
        register(idNat, "750000001", "Abcde1", charter).then().statusCode(400)
                .body("type", equalTo("urn:iris:problem:password-policy"))
                .body("detail", org.hamcrest.Matchers.containsString("TOO_SHORT"));
        register(idNat, "750000001", idNat + "Aa", charter).then().statusCode(201);
        register(idNat, "750000001", "Strong-Password-9", charter).then().statusCode(409)
                .body("type", equalTo("urn:iris:problem:account-exists"));
        register("12345", "750000001", "Strong-Password-9", charter).then().statusCode(400);
        register(newRpps(), "not-finess", "Strong-Password-9", charter).then().statusCode(400);
        // An ADELI-based identifier ("0" + 9 characters) is fine too.
        register("0" + "2A" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000)), "750000001",
                null, charter).then().statusCode(201);
    }

    @Test
    void aSiteAdminOnlySeesAndDecidesForTheirOwnEstablishments() {
        String charter = given().get("/api/accounts/charter").then().extract().path("version");
        String elsewhere = register(newRpps(), "130000001", null, charter).path("id");
        String siteAdmin = devToken("site-admin");
        given().auth().oauth2(siteAdmin).get("/api/accounts").then().statusCode(200)
                .body("id", not(hasItem(elsewhere)));
        given().auth().oauth2(siteAdmin).post("/api/accounts/" + elsewhere + "/approve").then().statusCode(404);
        given().auth().oauth2(siteAdmin).get("/api/accounts/" + elsewhere).then().statusCode(404);
        // The platform admin decides for every establishment.
        given().auth().oauth2(devToken("platform-admin")).post("/api/accounts/" + elsewhere + "/approve").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        // A practitioner is no administrator.
        given().auth().oauth2(devToken("prescriber")).get("/api/accounts").then().statusCode(403);
        given().get("/api/accounts").then().statusCode(401);
    }

    @Test
    void theApprovalsListOfASiteAdminHoldsOnlyTheirEstablishmentsPendingAccountsWithTheCharter() {
        String charter = given().get("/api/accounts/charter").then().extract().path("version");
        String mine = register(newRpps(), "750000001", null, charter).path("id");
        String elsewhere = register(newRpps(), "130000001", null, charter).path("id");
        String siteAdmin = devToken("site-admin");
        Response pending = given().auth().oauth2(siteAdmin).queryParam("status", "PENDING_APPROVAL").get("/api/accounts");
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(pending.jsonPath().getList("id", String.class)).contains(mine).doesNotContain(elsewhere);
        assertThat(pending.jsonPath().getList("status", String.class)).containsOnly("PENDING_APPROVAL");
        // What the approval screen shows: the charter version accepted and when.
        Map<String, Object> row = pending.jsonPath().getMap("find { it.id == '" + mine + "' }");
        assertThat(row.get("charterVersion")).isEqualTo(charter);
        assertThat(row.get("charterAcceptedAt")).isNotNull();
        assertThat(row.get("establishments")).isEqualTo(List.of("750000001"));
        // The platform admin sees both.
        assertThat(given().auth().oauth2(devToken("platform-admin")).queryParam("status", "PENDING_APPROVAL")
                .get("/api/accounts").jsonPath().getList("id", String.class)).contains(mine, elsewhere);
        // An unknown status is a bad request, not a missing resource.
        given().auth().oauth2(siteAdmin).queryParam("status", "PENDING").get("/api/accounts").then().statusCode(400)
                .body("type", equalTo("urn:iris:problem:invalid-query-parameter"));
    }

    @Test
    void thePasswordPolicyIsPublic() {
        given().get("/api/accounts/password-policy").then().statusCode(200)
                .body("minLength", equalTo(12))
                .body("maxLength", equalTo(256))
                .body("requireDigit", equalTo(true))
                .body("requireLowerCase", equalTo(true))
                .body("requireUpperCase", equalTo(true))
                .body("requireSymbol", equalTo(false))
                .body("notIdentifier", equalTo(true));
    }

    @Test
    void myAccountSaysWhichRolesAndEstablishmentsTheCallerHas() {
        given().auth().oauth2(devToken("site-admin")).get("/api/accounts/me").then().statusCode(200)
                .body("roles", equalTo(List.of("practitioner", "site-admin")))
                .body("establishments", equalTo(List.of("750000001")))
                .body("otpChannel", equalTo("EMAIL"))
                .body("status", equalTo("ACTIVE"));
    }

    @Test
    void suspensionEndsSessionsAndRefreshTokensAndBlocksSignInUntilReinstated() {
        Account account = accounts.practitioner("suspend");
        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        Response done = browser.signIn(Browser.authorization(pkce, "s"), account.username, TestAccounts.PASSWORD,
                account.email);
        String refreshToken = Browser.exchange(Browser.param(done, "code"), pkce).path("refresh_token");

        String siteAdmin = devToken("site-admin");
        given().auth().oauth2(siteAdmin).post("/api/accounts/" + account.id + "/suspend").then()
                .statusCode(200).body("status", equalTo("SUSPENDED"));
        Browser.refresh(refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertThat(browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "t")).header("Location"))
                .endsWith("/sign-in");
        Response refused = new Browser().password(Browser.authorization(Browser.Pkce.create(), "u"), account.username,
                TestAccounts.PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.asString()).contains("Identifiant ou mot de passe incorrect");

        given().auth().oauth2(siteAdmin).post("/api/accounts/" + account.id + "/reinstate").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        new Browser().signIn(Browser.authorization(Browser.Pkce.create(), "v"), account.username,
                TestAccounts.PASSWORD, account.email);

        given().auth().oauth2(siteAdmin).post("/api/accounts/" + account.id + "/revoke").then()
                .statusCode(200).body("status", equalTo("REVOKED"));
        given().auth().oauth2(siteAdmin).post("/api/accounts/" + account.id + "/reinstate").then().statusCode(409);
    }

    @Test
    void aPersonManagesTheirContactPasswordAndCodeChannel() {
        Account account = accounts.create("self", Account.Status.ACTIVE, null, false, "750000001");
        String token = personToken(account);

        given().auth().oauth2(token).get("/api/accounts/me").then().statusCode(200)
                .body("username", equalTo(account.username))
                .body("otpChannel", equalTo(null));
        // No CPS sign-in yet: password + code cannot be switched on.
        putJson(token, "/api/accounts/me/otp", Map.of("channel", "EMAIL")).then().statusCode(409)
                .body("type", equalTo("urn:iris:problem:cps-sign-in-required"));

        putJson(token, "/api/accounts/me/contact", Map.of("email", "new.address@test.iris.invalid",
                "phone", "+33798765432")).then().statusCode(200)
                .body("email", equalTo("new.address@test.iris.invalid"))
                .body("phone", equalTo("+33798765432"));
        putJson(token, "/api/accounts/me/contact", Map.of("email", "not-an-address")).then().statusCode(400);

        putJson(token, "/api/accounts/me/password", Map.of("currentPassword", "Wrong-Password-1",
                "newPassword", "Another-Password-7")).then().statusCode(403);
        assertThat(accounts.reload(account.id).failedAttempts).isEqualTo(1);
        putJson(token, "/api/accounts/me/password", Map.of("currentPassword", TestAccounts.PASSWORD,
                "newPassword", "short")).then().statusCode(400);
        putJson(token, "/api/accounts/me/password", Map.of("currentPassword", TestAccounts.PASSWORD,
                "newPassword", "Another-Password-7")).then().statusCode(200);
    }

    @Test
    void afterACpsSignInTheCodeChannelCanBeChosen() {
        Account account = accounts.create("channel", Account.Status.ACTIVE, null, true, "750000001");
        String token = personToken(account);
        putJson(token, "/api/accounts/me/otp", Map.of("channel", "SMS")).then().statusCode(200)
                .body("otpChannel", equalTo("SMS"));
        // The phone receiving the codes cannot be removed while SMS is the channel.
        putJson(token, "/api/accounts/me/contact", Map.of("email", account.email)).then().statusCode(409);
        putJson(token, "/api/accounts/me/otp", Map.of("channel", "EMAIL")).then().statusCode(200)
                .body("otpChannel", equalTo("EMAIL"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"channel\":null}")
                .put("/api/accounts/me/otp").then().statusCode(200).body("otpChannel", equalTo(null));
    }

    @Test
    void aServiceTokenHasNoOwnAccount() {
        String service = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .formParam("grant_type", "client_credentials").post("/token").path("access_token");
        given().auth().oauth2(service).get("/api/accounts/me").then().statusCode(404);
    }

    private static Response register(String idNat, String establishment, String password, String charter) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("idNatPs", idNat, "givenName", "Jeanne",
                "familyName", "Dupont", "profession", "Médecin", "establishments", List.of(establishment),
                "email", "jeanne." + idNat + "@test.iris.invalid", "phone", "+33612345678", "charterVersion", charter));
        if (password != null) {
            body.put("password", password);
        }
        return given().contentType(ContentType.JSON).body(body).post("/api/accounts");
    }

    private static Response putJson(String token, String path, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(path);
    }

    private static String newRpps() {
        return "8" + String.format("%011d", ThreadLocalRandom.current().nextLong(100_000_000_000L));
    }

    static String devToken(String username) {
        return given().auth().preemptive().basic("dev-cli", "dev-secret").formParam("username", username)
                .post("/dev/sign-in").then().statusCode(200).extract().path("access_token");
    }

    private static String personToken(Account account) {
        return given().auth().preemptive().basic("dev-cli", "dev-secret").formParam("username", account.username)
                .post("/dev/sign-in").then().statusCode(200).extract().path("access_token");
    }
}

package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo site administrator in the portal, in Debian's chromium (portal-admin.mjs): a
 * practitioner registers through the public registration API (PENDING), the site admin signs in
 * with password and e-mailed code, sees his own My patients (he prescribed none of the demo
 * studies), and approves the registration in Administration > Accounts; the account is then ACTIVE
 * for the identity API. Every page has a screenshot and no serious or critical axe-core violation.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalAdminTest {

    private RunningPlatform platform;
    private String accountId;
    private JsonNode report;

    @BeforeAll
    void registerAPractitionerAndRunTheBrowser() throws Exception {
        platform = PlatformExtension.platform();
        String family = "APPROBATION" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        String charter = platform.readJson(platform.get(RunningPlatform.IDENTITY + "/api/accounts/charter", null))
                .path("version").asText();
        String body = platform.json.writeValueAsString(Map.of(
                "idNatPs", "81" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L),
                "givenName", "Inès", "familyName", family, "profession", "Médecin",
                "establishments", List.of("750000001"), "email", family.toLowerCase() + "@e2e.iris.invalid",
                "charterVersion", charter));
        HttpResponse<byte[]> created = platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.IDENTITY + "/api/accounts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        String answer = new String(created.body(), StandardCharsets.UTF_8);
        assertThat(created.statusCode()).as(answer).isEqualTo(201);
        JsonNode account = platform.json.readTree(answer);
        assertThat(account.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        accountId = account.path("id").asText();
        report = BrowserScript.run(platform, Duration.ofMinutes(3), step -> {
            throw new AssertionError("unexpected step " + step);
        }, "portal-admin.mjs", family);
    }

    @Test
    void everyPageHasAScreenshotAndNoSeriousOrCriticalAccessibilityViolation() {
        assertThat(report.path("pages").has("admin-my-patients")).isTrue();
        report.path("pages").properties().forEach(page -> {
            assertThat(page.getValue().path("violations").size()).as(page.getKey() + ": " + page.getValue()).isZero();
            assertThat(platform.root.resolve("e2e-tests/target/screenshots/" + page.getKey() + ".png")).isNotEmptyFile();
        });
        assertThat(report.path("foreignRequests").size()).as(report.path("foreignRequests").toString()).isZero();
    }

    @Test
    void theSiteAdminSignsInAndHisMyPatientsHasNoneOfTheDemoPatients() {
        // he is a practitioner of the demo establishment but the demo studies name Dr Martin, Dr Leroy, or no one
        assertThat(report.path("home").path("url").asText()).startsWith(RunningPlatform.GATEWAY + "/portal/#/");
        List<String> patients = new ArrayList<>();
        report.path("patients").forEach(p -> patients.add(p.asText()));
        assertThat(patients).noneMatch(name -> name.startsWith("DEMO "));
        assertThat(report.path("patientsText").asText()).doesNotContain("DEMO Alice", "DEMO Bruno", "DEMO Chloe");
    }

    @Test
    void heApprovesThePendingRegistrationInAdministrationAndTheAccountIsActive() throws Exception {
        // the accounts screen is the administration part of the portal's work: without it, nothing to click
        Assumptions.assumeTrue(report.path("accounts").path("served").asBoolean(),
                "#/admin/accounts is not in this portal: " + report.path("accounts"));
        assertThat(report.path("accounts").path("rowBefore").asText()).contains("750000001").as("the charter version")
                .containsPattern("\\d");
        assertThat(report.path("pages").has("admin-accounts-approved")).isTrue();
        assertThat(report.path("accounts").path("announced").toString()).as("the screen says so")
                .contains("approuvé");
        String siteAdmin = platform.devSignIn("site-admin");
        JsonNode account = platform.readJson(platform.get(RunningPlatform.IDENTITY + "/api/accounts/" + accountId, siteAdmin));
        assertThat(account.path("status").asText()).as(account.toString()).isEqualTo("ACTIVE");
    }
}

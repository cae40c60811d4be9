package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo prescriber in the portal, in Debian's chromium (portal-prescriber.mjs, run once for the
 * class): sign-in with password and e-mailed code, My patients and its filters, the keyboard path
 * to a study, the study page with its reports, the series as JPEG, the DICOM download and its
 * e-mail, OHIF, a study of another practitioner typed in the address, the idle sign-out. Every page
 * she sees has a screenshot (target/screenshots) and no serious or critical axe-core violation.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalBrowserTest {

    /**
     * axe-core's serious and critical findings on OHIF 3.13.2's viewer page as bundled: icon buttons
     * without names, ARIA attributes on a span, an image without alt, nested controls in its
     * thumbnails. Upstream's markup: recorded here so that any other violation fails.
     */
    private static final List<String> OHIF_KNOWN_VIOLATIONS = List.of("aria-allowed-attr", "button-name", "image-alt",
            "nested-interactive");

    private RunningPlatform platform;
    private JsonNode report;
    private int exportMailsBefore;

    @BeforeAll
    void runTheBrowser() throws Exception {
        platform = PlatformExtension.platform();
        String siteAdmin = platform.devSignIn("site-admin");
        // DEMO-2: a study of her establishment she did not prescribe (the site admin finds it)
        JsonNode demo2 = platform.readJson(platform.get(RunningPlatform.GATEWAY
                + "/studies?AccessionNumber=DEMO-2&includefield=0020000D", siteAdmin));
        String other = demo2.path(0).path("0020000D").path("Value").path(0).asText();
        assertThat(other).isNotEmpty();
        exportMailsBefore = new Mailbox("prescriber@demo.iris.invalid").count();
        report = BrowserScript.run(platform, Duration.ofMinutes(5), step -> {
            throw new AssertionError("unexpected step " + step);
        }, "portal-prescriber.mjs", other);
    }

    @Test
    void everyPageHasAScreenshotAndNoSeriousOrCriticalAccessibilityViolation() {
        List<String> pages = new ArrayList<>();
        report.path("pages").fieldNames().forEachRemaining(pages::add);
        assertThat(pages).contains("sign-in", "one-time-code", "my-patients", "my-patients-filtered", "study",
                "study-export-ready", "not-found", "idle-warning", "signed-out");
        report.path("pages").properties().forEach(page -> {
            assertThat(platform.root.resolve("e2e-tests/target/screenshots/" + page.getKey() + ".png")).isNotEmptyFile();
            if (!page.getKey().equals("viewer")) { // OHIF's own page: see the viewer's test
                assertThat(page.getValue().path("violations").size()).as(page.getKey() + ": " + page.getValue()).isZero();
            }
        });
    }

    @Test
    void sheSignsInWithHerPasswordAndTheEmailedCodeAndLandsOnMyPatientsWithHerDemoPatient() {
        assertThat(report.path("afterSignIn").asText()).isEqualTo(RunningPlatform.GATEWAY + "/portal/#/patients");
        assertThat(texts(report.path("patients"))).contains("DEMO Alice")
                .doesNotContain("DEMO Bruno", "DEMO Chloe"); // DEMO-2: another prescriber; DEMO-3: her name only
        // the session countdown is in the header from the start (the shipped 15 minutes)
        assertThat(report.path("config").path("idleTimeoutSeconds").asInt()).isEqualTo(900);
        assertThat(report.path("timer").asText()).containsPattern("1[45]:\\d\\d");
    }

    @Test
    void theFiltersByNameModalityDatesAndBirthDateFindHerOrNot() {
        JsonNode filters = report.path("filters");
        assertThat(texts(filters.path("name").path("patients"))).containsExactly("DEMO Alice");
        assertThat(filters.path("name").path("hash").asText()).isEqualTo("#/patients?q=alice");
        assertThat(texts(filters.path("nameUnknown").path("patients"))).isEmpty();
        assertThat(filters.path("nameUnknown").path("status").asText()).isEqualTo("0 patient(s)");
        assertThat(texts(filters.path("modalityCT").path("patients"))).contains("DEMO Alice");
        assertThat(texts(filters.path("modalityMR").path("patients"))).doesNotContain("DEMO Alice");
        assertThat(texts(filters.path("datesAround").path("patients"))).contains("DEMO Alice");
        assertThat(filters.path("datesAround").path("hash").asText()).contains("period=range").contains("from=");
        assertThat(texts(filters.path("datesBefore").path("patients"))).doesNotContain("DEMO Alice");
        assertThat(texts(filters.path("lastMonth").path("patients"))).contains("DEMO Alice");
        assertThat(texts(filters.path("birthDate").path("patients"))).containsExactly("DEMO Alice");
    }

    @Test
    void theKeyboardGoesFromTheSkipLinkToTheMenuTheFiltersAndOpensAStudyWithEnter() {
        JsonNode keyboard = report.path("keyboard");
        assertThat(keyboard.path("first").path("text").asText()).isEqualTo("Aller au contenu");
        // the skip link moves the focus to the content and leaves the screen as it is
        assertThat(keyboard.path("afterSkip").path("id").asText()).as(keyboard.toString()).isEqualTo("main");
        assertThat(keyboard.path("afterSkip").path("hash").asText()).isEqualTo("#/patients");
        assertThat(keyboard.path("afterSkip").path("ready").asText()).isEqualTo("patients");
        assertThat(keyboard.path("menu").path("text").asText()).as(keyboard.toString()).isEqualTo("Mes patients");
        assertThat(keyboard.path("search").path("id").asText()).as(keyboard.toString()).isEqualTo("f-q");
        assertThat(texts(keyboard.path("filtered"))).containsExactly("DEMO Alice");
        assertThat(keyboard.path("patientLink").path("text").asText()).as(keyboard.toString()).isEqualTo("DEMO Alice");
        assertThat(keyboard.path("opened").asText()).startsWith("#/studies/");
    }

    @Test
    void theStudyPageShowsTheSummaryTheSeriesAndTheReportsSrAsTextAndPdfInline() {
        JsonNode study = report.path("study");
        assertThat(study.path("heading").asText()).isEqualTo("DEMO Alice");
        assertThat(study.path("summary").asText()).contains("DEMO-1").contains("CT thorax (demo)").contains("12/04/1958");
        assertThat(study.path("series").asInt()).as("the CT series; the reports are shown apart").isEqualTo(1);
        assertThat(study.path("thumbnails").asInt()).isEqualTo(1);
        assertThat(study.path("sr").toString()).contains("Constatations").contains("Pas de nodule pulmonaire")
                .contains("Conclusion").contains("Scanner thoracique normal.");
        assertThat(texts(study.path("pdfFrames"))).containsExactly("blob:");
    }

    @Test
    void theSeriesDownloadsAsAZipOfJpegImages() throws Exception {
        Map<String, byte[]> entries = unzip(Path.of(report.path("jpegZip").path("path").asText()));
        assertThat(entries).isNotEmpty();
        entries.forEach((name, bytes) -> {
            assertThat(name).endsWith(".jpg");
            assertThat(bytes).as(name).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        });
        assertThat(report.path("jpegZip").path("name").asText()).endsWith(".zip");
    }

    @Test
    void theDicomDownloadIsPreparedDownloadedWithItsDicomdirAndAnnouncedByEmail() throws Exception {
        Map<String, byte[]> entries = unzip(Path.of(report.path("export").path("path").asText()));
        // the CT image, the SR and the PDF, and the DICOMDIR naming them
        assertThat(entries).containsKey("DICOMDIR").hasSize(4);
        assertThat(new String(entries.get("DICOMDIR"), 128, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DICM");
        assertThat(report.path("export").path("state").asText()).startsWith("Prêt");
        String link = "/api/exports/" + report.path("export").path("id").asText() + "/archive";
        String mail = new Mailbox("prescriber@demo.iris.invalid").await(exportMailsBefore,
                text -> text.contains(link) ? Optional.of(text) : Optional.empty(), Duration.ofSeconds(60));
        assertThat(mail).doesNotContain("DEMO");
    }

    @Test
    void ohifOpensTheStudyInANewTabSignedInByTheProvidersSessionAndDrawsIt() {
        // the viewer module (/viewer/) is another part of the portal's work: without it, nothing to open
        Assumptions.assumeTrue(report.path("viewer").path("served").asBoolean(),
                "/viewer/ is not served: " + report.path("viewer"));
        JsonNode viewer = report.path("viewer");
        assertThat(viewer.path("url").asText()).startsWith(RunningPlatform.GATEWAY + "/viewer/viewer?StudyInstanceUIDs=");
        assertThat(viewer.path("askedPassword").asBoolean()).as("no second password: " + viewer).isFalse();
        assertThat(viewer.path("drawn").path("nonUniform").asBoolean()).as(viewer.toString()).isTrue();
        // OHIF 3.13.2's own markup (upstream, not Iris's) has these axe-core violations; a new one fails here
        List<String> rules = new ArrayList<>();
        report.path("pages").path("viewer").path("violations").forEach(v -> rules.add(v.path("id").asText()));
        assertThat(rules).as(report.path("pages").path("viewer").toString()).isSubsetOf(OHIF_KNOWN_VIOLATIONS);
    }

    @Test
    void aStudyOfAnotherPractitionerTypedInTheAddressIsAPageNotFound() {
        JsonNode other = report.path("otherStudy");
        assertThat(other.path("heading").asText()).isEqualTo("Page introuvable.");
        assertThat(other.path("text").asText()).doesNotContain("DEMO", "Bruno", "LEROY", "IRM");
    }

    @Test
    void thePortalSendsItsSecurityHeadersAndNoRequestLeavesTheOrigin() {
        JsonNode headers = report.path("headers");
        assertThat(headers.path("content-security-policy").asText()).contains("default-src 'self'")
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(headers.path("x-frame-options").asText()).isEqualTo("DENY");
        assertThat(headers.path("x-content-type-options").asText()).isEqualTo("nosniff");
        assertThat(report.path("requestCount").asInt()).isGreaterThan(20);
        assertThat(report.path("foreignRequests").size()).as(report.path("foreignRequests").toString()).isZero();
    }

    @Test
    void leftIdleSheIsWarnedCanStaySignedInAndIsThenSignedOutAtTheProviderToo() {
        JsonNode idle = report.path("idle");
        assertThat(idle.path("warning").asText()).contains("Rester connecté");
        assertThat(idle.path("focused").asText()).as("the dialog's button has the focus").isEqualTo("Rester connecté");
        assertThat(idle.path("timerAfterStay").asText()).as("the countdown starts again").containsPattern("1[45]:\\d\\d");
        assertThat(idle.path("dialogOpenBeforeWarning").asBoolean()).isFalse();
        assertThat(idle.path("url").asText()).isEqualTo(RunningPlatform.GATEWAY + "/portal/?signed-out=idle");
        assertThat(idle.path("message").asText()).contains("15 minutes");
        // the provider's session ended with the portal's: signing in again asks for the password
        assertThat(idle.path("afterSignOut").path("passwordAsked").asBoolean()).as(idle.toString()).isTrue();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText().trim()));
        return texts;
    }

    static Map<String, byte[]> unzip(Path zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }
}

package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled OHIF viewer draws the demo prescriber's study in a real browser (Debian's chromium,
 * driven by npm playwright-core): she opens /viewer/viewer?StudyInstanceUIDs=..., is sent to the
 * platform's sign-in pages, signs in with her password and the one-time code e-mailed to her (read
 * over IMAP), comes back through /viewer/callback, and the viewport shows an image — its pixels are
 * not one uniform value. Nothing is fetched from another origin and the viewer's CSP refuses nothing
 * OHIF does, while it still refuses eval.
 * The screenshot is kept in target/screenshots/viewer.png.
 */
@ExtendWith(PlatformExtension.class)
class OhifViewerTest {

    @Test
    void ohifDrawsThePrescribersStudyAfterSignIn() throws Exception {
        RunningPlatform platform = PlatformExtension.platform();
        String study = demoStudy(platform);
        Path screenshot = platform.root.resolve("e2e-tests/target/screenshots/viewer.png");
        Files.deleteIfExists(screenshot);

        // the one-time code is read from her mailbox by BrowserScript; the script asks nothing else
        JsonNode report = BrowserScript.run(platform, Duration.ofSeconds(240), step -> {
            throw new IllegalStateException("unexpected step " + step);
        }, "ohif-viewer.mjs", chromium(), RunningPlatform.GATEWAY, study, "prescriber", "Iris-demo-2025",
                screenshot.toString());
        String all = report.toPrettyString();
        System.out.printf("[e2e] OHIF: first image %.1f s after opening, %d requests, wasm %s%n",
                report.path("secondsToImage").asDouble(), report.path("requests").asInt(), report.path("wasm"));
        // she signed in on the platform's own page, and came back to the study she asked for
        assertThat(report.path("signInPage").asText()).as(all).startsWith("/sign-in");
        assertThat(report.path("viewerUrl").asText()).as(all).contains("/viewer/viewer?StudyInstanceUIDs=" + study);
        // an image is drawn: many distinct pixel values in the viewport's canvas
        assertThat(report.path("canvas").path("distinct").asInt()).as(all).isGreaterThan(16);
        assertThat(report.path("canvas").path("width").asInt()).as(all).isPositive();
        // one origin: no CDN, no font service, no telemetry; and the CSP did not have to refuse anything
        assertThat(report.path("foreignRequests")).as(all).isEmpty();
        assertThat(report.path("cspViolations")).as(all).isEmpty();
        // in that page WebAssembly compiles (the image codecs) and eval is refused
        assertThat(report.path("csp").path("wasm").asBoolean()).as(all).isTrue();
        assertThat(report.path("csp").path("evalRefused").asBoolean()).as(all).isTrue();
        // every file, codec, token and DICOMweb request it made was answered
        assertThat(report.path("failed")).as(all).isEmpty();
        assertThat(report.path("requests").asInt()).isPositive();
        assertThat(screenshot).isNotEmptyFile();
    }

    /** The demo prescriber's study (accession DEMO-1), as a platform administrator finds it. */
    private static String demoStudy(RunningPlatform platform) throws Exception {
        JsonNode studies = platform.readJson(platform.get(RunningPlatform.GATEWAY
                + "/studies?AccessionNumber=DEMO-1&includefield=0020000D", platform.serviceToken()));
        assertThat(studies.size()).as(studies.toString()).isEqualTo(1);
        return studies.get(0).path("0020000D").path("Value").get(0).asText();
    }

    /** Debian's chromium (IRIS_CHROMIUM to use another), found at run time. */
    private static String chromium() {
        String configured = System.getenv("IRIS_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try (Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))) {
            Optional<String> found = path.map(dir -> Path.of(dir, "chromium")).filter(Files::isExecutable)
                    .map(Path::toString).findFirst();
            assertThat(found).as("chromium on the PATH (scripts/bootstrap.sh installs Debian's)").isPresent();
            return found.get();
        }
    }

}

package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A study not yet available, in Debian's chromium (portal-availability.mjs): the transcode worker is
 * stopped (SIGSTOP) so that a new study of the prescriber, sent by the demo PACS with storescu,
 * stays NEARLINE; its page says "not yet available" and shows no series; once the worker runs again
 * (SIGCONT) the page turns to the available study by itself, within a minute, without a reload.
 */
@ExtendWith(PlatformExtension.class)
class PortalAvailabilityTest {

    /** The demo prescriber's RPPS number. */
    private static final String PRESCRIBER_RPPS = "10000000011";

    @Test
    void theStudyPageSaysNotYetAvailableWhileNearlineAndTurnsOnlineByItself() throws Exception {
        RunningPlatform platform = PlatformExtension.platform();
        String worker = RunningPlatform.runTool("pgrep", "-f", "transcode-worker/target/quarkus-app").trim();
        assertThat(worker).as("one transcode worker").matches("\\d+");
        String study = uid();
        Path file = SampleFiles.copy(SampleFiles.pydicom("CT_small.dcm"), new SampleFiles.Copy(study, uid(), uid(),
                "E2E-NEARLINE", "NEARLINE^Nina", "E2E-NL", "20251201", "RPPS", PRESCRIBER_RPPS));
        JsonNode report;
        RunningPlatform.runTool("kill", "-STOP", worker);
        try {
            RunningPlatform.runTool("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112", file.toString());
            report = BrowserScript.run(platform, Duration.ofMinutes(4), step -> {
                assertThat(step.path("step").asText()).isEqualTo("nearline");
                RunningPlatform.runTool("kill", "-CONT", worker);
                return "continued";
            }, "portal-availability.mjs", study);
        } finally {
            RunningPlatform.runTool("kill", "-CONT", worker); // never leave the worker stopped
        }

        JsonNode nearline = report.path("nearline");
        assertThat(nearline.path("shown").asBoolean()).as(report.toString()).isTrue();
        assertThat(nearline.path("state").asText()).isEqualTo("NEARLINE");
        assertThat(nearline.path("text").asText()).contains("pas encore disponible");
        assertThat(nearline.path("series").asInt()).isZero();
        JsonNode online = report.path("online");
        assertThat(online.path("notice").asInt()).isZero();
        assertThat(online.path("series").asInt()).isEqualTo(1);
        assertThat(online.path("reloads").asInt()).as("no reload").isZero();
        assertThat(online.path("afterMs").asLong()).as("within a minute").isLessThan(60_000);
        report.path("pages").properties().forEach(page -> {
            assertThat(page.getValue().path("violations").size()).as(page.getKey() + ": " + page.getValue()).isZero();
            assertThat(platform.root.resolve("e2e-tests/target/screenshots/" + page.getKey() + ".png")).isNotEmptyFile();
        });
    }

    private static String uid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }
}

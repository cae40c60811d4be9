package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A viewer signs in the way a real one does and calls the gateway with what it got: npm
 * {@code openid-client} completes authorization code + PKCE at identity-service as the demo
 * prescriber (password, then the one-time code e-mailed to her, read from the SMTP sink over IMAP),
 * then npm {@code dicomweb-client} searches and retrieves a rendered image through the gateway with
 * the access token — and sees only her demo study. Without a token, or with a tampered one, the
 * gateway answers 401. Her accesses are in the audit log as the gateway received them.
 */
@ExtendWith(PlatformExtension.class)
class ViewerSignInTest {

    /** The demo prescriber's account id (the tokens' {@code sub}). */
    private static final String DEMO_PRESCRIBER_ACCOUNT = "00000000-0000-4000-8000-000000000001";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Test
    void aViewerSignedInWithOpenIdClientSeesThePrescribersStudiesOnly() throws Exception {
        RunningPlatform platform = PlatformExtension.platform();
        Path scripts = NodeScripts.install(platform.root);
        Mailbox mailbox = new Mailbox("prescriber@demo.iris.invalid");
        int mailsBefore = mailbox.count();

        // The issuer is the public origin (the gateway passes the OpenID provider's paths on).
        Process node = new ProcessBuilder("node", "viewer-sign-in.mjs", RunningPlatform.GATEWAY,
                RunningPlatform.GATEWAY, "iris-viewer", "http://localhost:3000/callback", "prescriber",
                "Iris-demo-2025")
                .directory(scripts.toFile()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                if (line.contains("\"step\":\"otp\"")) {
                    String code = mailbox.await(mailsBefore, ViewerSignInTest::code, Duration.ofSeconds(30));
                    in.write(code + "\n");
                    in.flush();
                }
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(String.join("\n", output)).isZero();

        JsonNode report = platform.json.readTree(output.getLast());
        // the demo prescriber's study, not the two other demo studies of her establishment
        assertThat(report.path("accessionNumbers").toString()).isEqualTo("[\"DEMO-1\"]");
        assertThat(report.path("instances").asInt()).isPositive();
        assertThat(report.path("renderedIsJpeg").asBoolean()).as(String.join("\n", output)).isTrue();
        assertThat(report.path("statusWithoutToken").asInt()).isEqualTo(401);
        assertThat(report.path("statusWithTamperedToken").asInt()).isEqualTo(401);

        // and the audit log has her search and her rendered image, as the gateway received them, with
        // the viewer's client id
        JsonNode instance = report.path("instance");
        JsonNode lines = platform.readJson(platform.get(RunningPlatform.STUDY_INDEX + "/api/audit/accesses?study="
                + report.path("study").asText(), platform.serviceToken()));
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("action").asText()).isEqualTo("query");
            assertThat(line.path("actor").asText()).isEqualTo(DEMO_PRESCRIBER_ACCOUNT);
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("action").asText()).isEqualTo("rendered");
            assertThat(line.path("actor").asText()).isEqualTo(DEMO_PRESCRIBER_ACCOUNT);
            assertThat(line.path("clientId").asText()).isEqualTo("iris-viewer");
            assertThat(line.path("endpoint").asText()).isEqualTo("GET /studies/" + report.path("study").asText()
                    + "/series/" + instance.path("seriesInstanceUID").asText() + "/instances/"
                    + instance.path("sopInstanceUID").asText() + "/rendered");
            assertThat(line.path("remoteAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        });
    }

    private static Optional<String> code(String mail) {
        Matcher m = CODE.matcher(mail);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}

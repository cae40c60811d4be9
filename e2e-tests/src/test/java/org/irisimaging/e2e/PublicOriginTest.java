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
 * OHIF-readiness without a browser: a viewer configured with nothing but the public origin
 * ({@code http://localhost:8080} on the embedded run) follows that origin's discovery document
 * with npm {@code openid-client} — authorization code + PKCE, the sign-in pages, token, userinfo —
 * then searches and retrieves with npm {@code dicomweb-client} and reaches My patients, the inbox
 * and its account on the same origin; no URL the platform hands out leads elsewhere. A viewer on
 * another configured origin ({@code http://localhost:3000}, the embedded run's CORS setting) gets
 * its preflights answered without a token and its origin echoed; an origin not configured does not.
 */
@ExtendWith(PlatformExtension.class)
class PublicOriginTest {

    private static final String OTHER_ORIGIN = "http://localhost:3000";
    private static final String DEMO_PRESCRIBER_ACCOUNT = "00000000-0000-4000-8000-000000000001";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Test
    void aViewerGivenOnlyThePublicOriginSignsInAndWorks() throws Exception {
        RunningPlatform platform = PlatformExtension.platform();
        Path scripts = NodeScripts.install(platform.root);
        Mailbox mailbox = new Mailbox("prescriber@demo.iris.invalid");
        int mailsBefore = mailbox.count();

        Process node = new ProcessBuilder("node", "public-origin.mjs", RunningPlatform.GATEWAY, "iris-viewer",
                OTHER_ORIGIN + "/callback", "prescriber", "Iris-demo-2025", OTHER_ORIGIN)
                .directory(scripts.toFile()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                if (line.contains("\"step\":\"otp\"")) {
                    in.write(mailbox.await(mailsBefore, PublicOriginTest::code, Duration.ofSeconds(30)) + "\n");
                    in.flush();
                }
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = String.join("\n", output);
        assertThat(node.exitValue()).as(log).isZero();
        JsonNode report = platform.json.readTree(output.getLast());

        // the discovery document of the public origin names the public origin, and only it
        assertThat(report.path("issuer").asText()).as(log).isEqualTo(RunningPlatform.GATEWAY);
        assertThat(report.path("endpoints")).as(log).hasSize(5);
        assertThat(report.path("error").isMissingNode()).as(log).isTrue();
        assertThat(report.path("offOrigin")).as(log).isEmpty();

        // signed in by code + PKCE there, as the demo prescriber
        assertThat(report.path("callbackOnRedirectUri").asBoolean()).isTrue();
        assertThat(report.path("idTokenSub").asText()).isEqualTo(DEMO_PRESCRIBER_ACCOUNT);
        assertThat(report.path("userinfoSub").asText()).isEqualTo(DEMO_PRESCRIBER_ACCOUNT);

        // DICOMweb on the same origin with that token: her study only
        assertThat(report.path("accessionNumbers").toString()).isEqualTo("[\"DEMO-1\"]");
        assertThat(report.path("renderedIsJpeg").asBoolean()).isTrue();
        assertThat(report.path("seriesMetadata").asInt()).isPositive();

        // the platform APIs a viewer or portal uses, on the same origin
        assertThat(report.path("myPatients").asInt()).isEqualTo(200);
        assertThat(report.path("inbox").asInt()).isEqualTo(200);
        assertThat(report.path("account").asInt()).isEqualTo(200);

        // CORS: the configured other origin is answered (preflights without a token), a stranger is not
        JsonNode cors = report.path("cors");
        for (String preflight : List.of("preflightStudies", "preflightToken", "preflightUserinfo")) {
            assertThat(cors.path(preflight).path("status").asInt()).as(preflight).isEqualTo(200);
            assertThat(cors.path(preflight).path("allowOrigin").asText()).as(preflight).isEqualTo(OTHER_ORIGIN);
        }
        assertThat(cors.path("studies").path("status").asInt()).isEqualTo(200);
        assertThat(cors.path("studies").path("allowOrigin").asText()).isEqualTo(OTHER_ORIGIN);
        assertThat(cors.path("discovery").path("allowOrigin").asText()).isEqualTo(OTHER_ORIGIN);
        assertThat(cors.path("strangerPreflight").path("allowOrigin").isNull()).isTrue();
        assertThat(cors.path("strangerStudies").path("allowOrigin").isNull()).isTrue();
        assertThat(cors.path("strangerStudies").path("status").asInt()).isEqualTo(403);
    }

    private static Optional<String> code(String mail) {
        Matcher m = CODE.matcher(mail);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}

package org.irisimaging.identity.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.NodePackages;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real OpenID Connect relying party library, {@code openid-client} from npm under node, completes
 * the authorization code flow with PKCE against identity-service (driving the sign-in pages with
 * fetch as a browser would, the code read from the mail like a person would), validates the ID
 * token, calls userinfo, refreshes, gets single sign-on, and logs out.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class OpenIdClientInteropTest {

    @Inject
    TestAccounts accounts;

    @Test
    void openidClientCompletesCodeFlowWithPkceUserinfoRefreshAndLogout() throws Exception {
        Path scripts = NodePackages.install(Path.of("src/test/js"), Path.of("target/js-interop"), "openid-client",
                "package.json", "openid-client-interop.mjs");
        Account account = accounts.practitioner("rp");
        int mails = Browser.mailsTo(account.email);

        Process node = new ProcessBuilder("node", "openid-client-interop.mjs", "http://localhost:18081",
                Browser.VIEWER, Browser.VIEWER_CALLBACK, "http://localhost:3000/", account.username,
                TestAccounts.PASSWORD)
                .directory(scripts.toFile()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.equals("{\"step\":\"otp\"}")) {
                    in.write(Browser.awaitCode(account.email, mails) + "\n");
                    in.flush();
                }
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String all = String.join("\n", output);
        assertThat(node.exitValue()).as(all).isZero();

        JsonNode report = new ObjectMapper().readTree(output.getLast());
        String sub = account.id.toString();
        assertThat(report.path("sub").asText()).isEqualTo(sub);
        assertThat(report.path("idTokenAcr").asText()).isEqualTo(Acr.PASSWORD_OTP);
        assertThat(report.path("idTokenAmr").toString()).contains("pwd").contains("otp");
        assertThat(report.path("userinfoSub").asText()).isEqualTo(sub);
        assertThat(report.path("preferredUsername").asText()).isEqualTo(account.username);
        assertThat(report.path("userinfoAfterRefreshSub").asText()).isEqualTo(sub);
        assertThat(report.path("rotated").asBoolean()).isTrue();
        assertThat(report.path("secondAuthorizationRedirect").asText()).isEqualTo(Browser.VIEWER_CALLBACK);
        assertThat(report.path("secondAuthorizationHasCode").asBoolean()).isTrue();
        assertThat(report.path("logoutStatus").asInt()).isEqualTo(303);
        assertThat(report.path("logoutRedirect").asText()).isEqualTo("http://localhost:3000/?state=bye");
        assertThat(report.path("refreshAfterLogout").asText()).isEqualTo("invalid_grant");
    }
}

package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A machine client that can only send static headers (Orthanc's Username/Password) searches the
 * running platform's DICOMweb API with HTTP Basic (ADR 0020): the gateway trades the credentials
 * at the real identity-service for a token, which study-index then accepts as it accepts the
 * client's own bearer token. Tokens name the public origin as issuer.
 */
@ExtendWith(PlatformExtension.class)
class MachineClientBasicTest {

    private static final String GATEWAY = RunningPlatform.GATEWAY;

    @Test
    void basicCredentialsOfARegisteredClientSeeWhatItsBearerTokenSees() throws Exception {
        RunningPlatform platform = PlatformExtension.platform();
        String bearer = platform.serviceToken();
        JsonNode claims = platform.json.readTree(Base64.getUrlDecoder().decode(bearer.split("\\.")[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("http://localhost:8080");

        HttpResponse<byte[]> withBearer = search(platform, "Bearer " + bearer);
        assertThat(withBearer.statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> withBasic = search(platform, RunningPlatform.basic("dev-cli", "dev-secret"));
            assertThat(withBasic.statusCode()).as(new String(withBasic.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(studies(platform, withBasic)).isNotEmpty().isEqualTo(studies(platform, withBearer));
        }

        HttpResponse<byte[]> wrong = search(platform, RunningPlatform.basic("dev-cli", "not-the-secret"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
    }

    private static HttpResponse<byte[]> search(RunningPlatform platform, String authorization) throws Exception {
        return platform.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/studies"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).GET().build());
    }

    private static Set<String> studies(RunningPlatform platform, HttpResponse<byte[]> response) throws Exception {
        Set<String> uids = new TreeSet<>();
        platform.json.readTree(response.body()).forEach(study -> uids.add(study.path("0020000D").path("Value").path(0).asText()));
        return uids;
    }
}

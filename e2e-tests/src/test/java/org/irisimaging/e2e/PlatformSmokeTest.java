package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Key;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the real platform exactly as a newcomer does ({@code ./run.sh}, packaged services,
 * embedded PostgreSQL, Kafka and SMTP) and checks it from the outside: every service ready, tokens
 * from identity-service accepted everywhere, missing/forged/expired/misdirected tokens refused,
 * the sign-in event flowing over Kafka into the audit log, and no process left after SIGTERM.
 */
@ExtendWith(PlatformExtension.class)
class PlatformSmokeTest {

    private static final String IDENTITY = RunningPlatform.IDENTITY;

    /** Each service and one endpoint of it that needs a token (a platform-admin service token suffices). */
    private static final Map<String, String> PROTECTED = new LinkedHashMap<>();

    static {
        PROTECTED.put("identity-service", IDENTITY + "/userinfo");
        PROTECTED.put("study-index-service", "http://localhost:8082/api/audit/sign-ins");
        PROTECTED.put("dicomweb-gateway", "http://localhost:8080/api/dimse");
        PROTECTED.put("transcode-worker", "http://localhost:8083/api/rendition-settings");
        PROTECTED.put("notification-service", "http://localhost:8084/api/notifications");
    }

    private final RunningPlatform platform = PlatformExtension.platform();
    private final ObjectMapper json = platform.json;

    @Test
    void everyServiceIsReadyWithItsDatabaseAndKafka() throws Exception {
        for (int port : List.of(8080, 8081, 8082, 8083, 8084)) {
            HttpResponse<String> ready = get("http://localhost:" + port + "/q/health/ready", null);
            assertThat(ready.statusCode()).as("readiness of :%d", port).isEqualTo(200);
            JsonNode checks = json.readTree(ready.body()).get("checks");
            assertThat(checks.findValuesAsText("name"))
                    .as("readiness checks of :%d", port)
                    .anyMatch(name -> name.toLowerCase().contains("database"))
                    .anyMatch(name -> name.toLowerCase().contains("kafka"));
        }
    }

    @Test
    void everyServiceServesItsOpenApiDocument() throws Exception {
        for (int port : List.of(8080, 8081, 8082, 8083, 8084)) {
            HttpResponse<String> openapi = get("http://localhost:" + port + "/q/openapi?format=json", null);
            assertThat(openapi.statusCode()).isEqualTo(200);
            JsonNode doc = json.readTree(openapi.body());
            assertThat(doc.path("openapi").asText()).startsWith("3.");
            assertThat(doc.path("paths").size()).as("paths of :%d", port).isPositive();
        }
    }

    @Test
    void aServiceTokenIsAcceptedByEveryService() throws Exception {
        String token = serviceToken();
        for (var entry : PROTECTED.entrySet()) {
            HttpResponse<String> response = get(entry.getValue(), token);
            assertThat(response.statusCode()).as("%s with a valid token", entry.getKey()).isEqualTo(200);
        }
    }

    @Test
    void requestsWithoutAValidTokenAreRefusedByEveryService() throws Exception {
        String valid = serviceToken();
        JwtClaims claims = claimsOf(valid);
        String kid = new JsonWebSignature() {{ setCompactSerialization(valid); }}.getKeyIdHeaderValue();

        RsaJsonWebKey attackerKey = RsaJwkGenerator.generateJwk(2048);
        String forged = sign(claims, attackerKey.getPrivateKey(), kid);

        JwtClaims expiredClaims = claimsOf(valid);
        expiredClaims.setIssuedAt(NumericDate.fromSeconds(Instant.now().minusSeconds(3600).getEpochSecond()));
        expiredClaims.setExpirationTime(NumericDate.fromSeconds(Instant.now().minusSeconds(1800).getEpochSecond()));
        String expired = sign(expiredClaims, platformKey(), kid);

        JwtClaims otherAudience = claimsOf(valid);
        otherAudience.setAudience("another-platform");
        String misdirected = sign(otherAudience, platformKey(), kid);

        JwtClaims otherIssuer = claimsOf(valid);
        otherIssuer.setIssuer("http://attacker.invalid");
        String foreignIssuer = sign(otherIssuer, platformKey(), kid);

        // Control: the platform key really signs acceptable tokens, so the refusals below are about
        // the one claim that was changed.
        assertThat(get(PROTECTED.get("study-index-service"), sign(claimsOf(valid), platformKey(), kid)).statusCode())
                .isEqualTo(200);

        for (var entry : PROTECTED.entrySet()) {
            String service = entry.getKey();
            assertThat(get(entry.getValue(), null).statusCode()).as("%s without token", service).isEqualTo(401);
            assertThat(get(entry.getValue(), forged).statusCode()).as("%s with a forged token", service).isEqualTo(401);
            assertThat(get(entry.getValue(), expired).statusCode()).as("%s with an expired token", service).isEqualTo(401);
            assertThat(get(entry.getValue(), misdirected).statusCode()).as("%s, wrong audience", service).isEqualTo(401);
            assertThat(get(entry.getValue(), foreignIssuer).statusCode()).as("%s, wrong issuer", service).isEqualTo(401);
            assertThat(get(entry.getValue(), "not-a-jwt").statusCode()).as("%s with garbage", service).isEqualTo(401);
        }
    }

    @Test
    void signInsReachTheAuditLogOverKafka() throws Exception {
        String admin = serviceToken();
        HttpResponse<String> denied = post(IDENTITY + "/token", "grant_type=client_credentials",
                basic("dev-cli", "wrong-secret"));
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(json.readTree(denied.body()).path("error").asText()).isEqualTo("invalid_client");

        Instant deadline = Instant.now().plusSeconds(30);
        boolean successRecorded = false;
        boolean failureRecorded = false;
        while (!(successRecorded && failureRecorded) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            successRecorded = false;
            failureRecorded = false;
            for (JsonNode row : json.readTree(get("http://localhost:8082/api/audit/sign-ins", admin).body())) {
                successRecorded |= "SUCCEEDED".equals(row.path("outcome").asText())
                        && "dev-cli".equals(row.path("subject").asText());
                failureRecorded |= "FAILED".equals(row.path("outcome").asText())
                        && "invalid_client".equals(row.path("failureReason").asText());
            }
        }
        assertThat(successRecorded).as("the successful sign-in is in the audit log").isTrue();
        assertThat(failureRecorded).as("the failed sign-in is in the audit log").isTrue();
    }

    @Test
    void theDemoPrescriberSignsInWithAUserToken() throws Exception {
        HttpResponse<String> signIn = post(IDENTITY + "/dev/sign-in", "username=prescriber", basic("dev-cli", "dev-secret"));
        assertThat(signIn.statusCode()).isEqualTo(200);
        String token = json.readTree(signIn.body()).path("access_token").asText();
        JwtClaims claims = claimsOf(token);
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("practitioner");
        assertThat(claims.getStringClaimValue("idnat_ps")).startsWith("8");

        JsonNode userinfo = json.readTree(get(IDENTITY + "/userinfo", token).body());
        assertThat(userinfo.path("preferred_username").asText()).isEqualTo("prescriber");
        // A practitioner is not a platform administrator.
        assertThat(get("http://localhost:8082/api/audit/sign-ins", token).statusCode()).isEqualTo(403);
    }

    @Test
    void theGatewayAnswersDicomEchoFromAnAllowedPeer() throws Exception {
        Process echo = dcmtk("echoscu", "-aet", "ECHOSCU", "-aec", "IRIS", "localhost", "11112");
        assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(echo.exitValue()).as(new String(echo.getInputStream().readAllBytes())).isZero();

        Process refused = dcmtk("echoscu", "-aet", "UNKNOWN_AE", "-aec", "IRIS", "localhost", "11112");
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as("an unknown calling AE is rejected").isNotZero();
    }

    @Test
    void theProdProfileHasNoDevSignInAndRefusesToStartWithOne() throws Exception {
        Process prod = identityInProdProfile(18081);
        try {
            Instant deadline = Instant.now().plusSeconds(90);
            while (!ready(18081)) {
                assertThat(prod.isAlive()).as("identity-service in the prod profile starts").isTrue();
                assertThat(Instant.now()).as("identity-service in the prod profile is ready in 90 s").isBefore(deadline);
                Thread.sleep(250);
            }
            String local = "http://localhost:18081";
            assertThat(post(local + "/dev/sign-in", "username=prescriber", basic("dev-cli", "dev-secret")).statusCode())
                    .as("no dev sign-in in prod").isEqualTo(404);
            assertThat(post(local + "/token", "grant_type=client_credentials", basic("dev-cli", "dev-secret")).statusCode())
                    .as("no dev-cli client in prod").isEqualTo(401);
        } finally {
            prod.destroy();
            prod.waitFor(30, TimeUnit.SECONDS);
        }

        Process refused = identityInProdProfile(18082, "-Diris.identity.dev.sign-in-enabled=true");
        assertThat(refused.waitFor(90, TimeUnit.SECONDS)).as("startup is refused, not hanging").isTrue();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.exitValue()).isNotZero();
        assertThat(output).contains("for the dev and test profiles only");
    }

    // --- helpers ---

    /** The packaged identity-service in the prod profile, against the running stack. */
    private Process identityInProdProfile(int port, String... extra) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dquarkus.profile=prod",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:15432/iris",
                "-Dquarkus.datasource.username=iris",
                "-Dquarkus.datasource.password=iris",
                "-Dkafka.bootstrap.servers=localhost:19092",
                "-Dquarkus.oidc.auth-server-url=" + IDENTITY,
                "-Diris.identity.issuer=" + IDENTITY,
                "-Diris.identity.signing.key-file=" + platform.dataDir.resolve("identity/signing-keys.json")));
        command.addAll(List.of(extra));
        command.addAll(List.of("-jar", platform.root.resolve("identity-service/target/quarkus-app/quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }

    private String serviceToken() throws Exception {
        return platform.serviceToken();
    }

    /** The platform's private signing key, from the data directory (dev profile only). */
    private Key platformKey() throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(Files.readString(platform.dataDir.resolve("identity/signing-keys.json")));
        return ((RsaJsonWebKey) keys.getJsonWebKeys().getFirst()).getPrivateKey();
    }

    private static String sign(JwtClaims claims, Key key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static JwtClaims claimsOf(String jwt) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().build()
                .processToClaims(jwt);
    }

    private static String basic(String user, String password) {
        return RunningPlatform.basic(user, password);
    }

    private static Process dcmtk(String... command) throws IOException {
        return RunningPlatform.dcmtk(command);
    }

    private HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        return platform.get(url, bearer);
    }

    private HttpResponse<String> post(String url, String form, String authorization) throws IOException, InterruptedException {
        return platform.post(url, form, authorization);
    }

    private boolean ready(int port) {
        return platform.ready(port);
    }
}

package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real platform, started exactly as a newcomer does ({@code ./run.sh}: packaged services,
 * embedded PostgreSQL, Kafka and SMTP) on the default ports, plus what tests need to talk to it.
 * Started once per test run by {@link PlatformExtension}.
 */
final class RunningPlatform implements AutoCloseable {

    static final String IDENTITY = "http://localhost:8081";
    static final String GATEWAY = "http://localhost:8080";
    static final String STUDY_INDEX = "http://localhost:8082";
    static final List<Integer> PORTS = List.of(8080, 8081, 8082, 8083, 8084, 11112, 15432, 19092, 12525);

    final Path root;
    final Path dataDir;
    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path output;
    private final Process process;

    private RunningPlatform(Path root, Path dataDir, Path output, Process process) {
        this.root = root;
        this.dataDir = dataDir;
        this.output = output;
        this.process = process;
    }

    static RunningPlatform start() throws Exception {
        Path root = Path.of(System.getProperty("iris.project.root", "..")).toAbsolutePath().normalize();
        for (int port : PORTS) {
            if (listening(port)) {
                throw new IllegalStateException("Port " + port + " is in use: stop the running platform first");
            }
        }
        Path dataDir = Files.createTempDirectory("iris-e2e");
        Path output = dataDir.resolve("run.out");
        long begin = System.nanoTime();
        ProcessBuilder run = new ProcessBuilder("bash", root.resolve("run.sh").toString(),
                "--no-build", "--fresh", "--data-dir", dataDir.toString());
        // run.sh's JVM options, plus the retention that removes originals once their renditions are
        // verified: every test then also goes through serving from renditions (the harder path)
        run.environment().put("IRIS_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC"
                + " -Diris.retention.originals=remove-after-verification"
                // options a developer adds for one run (e.g. a setting under test), empty by default
                + " " + System.getProperty("iris.e2e.extra-java-opts", ""));
        Process process = run
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        RunningPlatform platform = new RunningPlatform(root, dataDir, output, process);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!Files.readString(output).contains("Iris is running.")) {
            if (!process.isAlive()) {
                throw new AssertionError("run.sh exited with " + process.exitValue() + ":\n" + platform.diagnostics());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The platform was not ready after 5 minutes:\n" + platform.diagnostics());
            }
            Thread.sleep(250);
        }
        System.out.printf("[e2e] platform ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        return platform;
    }

    /** SIGTERM to run.sh, as a process manager or Ctrl-C would; then nothing may be left listening. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("run.sh did not stop within 90 s after SIGTERM");
        }
        for (int port : PORTS) {
            if (listening(port)) {
                throw new AssertionError("Port " + port + " still listening after run.sh stopped: an orphan process");
            }
        }
    }

    /** A platform-admin service token (client credentials of the dev client). */
    String serviceToken() throws Exception {
        HttpResponse<String> response = post(IDENTITY + "/token", "grant_type=client_credentials",
                basic("dev-cli", "dev-secret"));
        if (response.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body()).path("access_token").asText();
    }

    JsonNode readJson(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String form, String authorization) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    boolean ready(int port) {
        try {
            return get("http://localhost:" + port + "/q/health/ready", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An access token for a demo account, through the dev profile's sign-in shortcut. */
    String devSignIn(String username) throws Exception {
        HttpResponse<String> response = post(IDENTITY + "/dev/sign-in", "username=" + username,
                basic("dev-cli", "dev-secret"));
        if (response.statusCode() != 200) {
            throw new AssertionError("dev sign-in of " + username + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return readJson(response).path("access_token").asText();
    }

    /** Runs a tool (dcmtk, python), expects success within 60 s, returns what it printed. */
    static String runTool(String... command) throws Exception {
        Process p = dcmtk(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    /** A dcmtk tool as a real DICOM peer. */
    static Process dcmtk(String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TCP_NODELAY", "1"); // Debian's dcmtk waits ~40 ms per PDU otherwise
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** run.sh's output and the end of every service log, for a failure message. */
    String diagnostics() throws IOException {
        StringBuilder all = new StringBuilder(Files.readString(output));
        Path logs = dataDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path log : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(log);
                    all.append("\n--- ").append(log.getFileName()).append(" (last 30 lines) ---\n");
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> all.append(l).append('\n'));
                }
            }
        }
        return all.toString();
    }
}

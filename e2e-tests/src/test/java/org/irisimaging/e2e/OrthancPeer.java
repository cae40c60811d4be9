package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Orthanc with its DICOMweb plugin (packages {@code orthanc}, {@code orthanc-dicomweb},
 * installed by scripts/bootstrap.sh) as a real peer of Iris, on free loopback ports, with Iris
 * configured as a DICOMweb server the way a hospital integrator does it: a URL and the HTTP Basic
 * credentials of a registered machine client (Orthanc can send static credentials only).
 */
final class OrthancPeer implements AutoCloseable {

    final String url;
    private final Process process;
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    private OrthancPeer(String url, Process process, Path dir) {
        this.url = url;
        this.process = process;
        this.dir = dir;
    }

    /** Starts Orthanc with Iris's DICOMweb API as server {@code iris}, reached with {@code client}/{@code secret}. */
    static OrthancPeer start(String irisDicomweb, String client, String secret) throws Exception {
        Path plugin = plugin();
        Path dir = Files.createTempDirectory("iris-orthanc");
        int httpPort = freePort();
        int dicomPort = freePort();
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode()
                .put("Name", "iris-e2e-peer")
                .put("StorageDirectory", dir.resolve("db").toString())
                .put("IndexDirectory", dir.resolve("db").toString())
                .put("HttpPort", httpPort)
                .put("DicomPort", dicomPort)
                .put("DicomAet", "ORTHANC")
                .put("RemoteAccessAllowed", false)
                .put("AuthenticationEnabled", false)
                .put("SaveJobs", false);
        config.putArray("Plugins").add(plugin.toString());
        ObjectNode dicomweb = config.putObject("DicomWeb").put("Enable", true).put("Root", "/dicom-web/");
        dicomweb.putObject("Servers").putObject("iris")
                .put("Url", irisDicomweb)
                .put("Username", client)
                .put("Password", secret);
        Path file = dir.resolve("orthanc.json");
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        Process process = new ProcessBuilder(orthanc(), file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile()).start();
        OrthancPeer peer = new OrthancPeer("http://127.0.0.1:" + httpPort, process, dir);
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                if (peer.get("/system").statusCode() == 200) {
                    return peer;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String log = Files.readString(dir.resolve("orthanc.log"));
                peer.close();
                throw new AssertionError("Orthanc did not start:\n" + log);
            }
            Thread.sleep(250);
        }
    }

    /** A call of Orthanc's REST API with a JSON body; the answer as JSON (fails on anything but 200). */
    JsonNode post(String path, JsonNode body) throws Exception {
        return post(path, body.toString());
    }

    /** The same with a text body (e.g. {@code /tools/lookup} takes a bare UID). */
    JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response;
        try {
            response = client().send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Orthanc closed the connection without answering: its log says why
            throw new AssertionError("Orthanc " + path + " did not answer (" + e.getMessage() + ")\n" + log(), e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("Orthanc " + path + " answered " + response.statusCode() + ": " + response.body()
                    + "\n" + log());
        }
        return json.readTree(response.body());
    }

    /** Uploads a DICOM file (Orthanc's {@code POST /instances}); its answer (ID, ParentStudy...). */
    JsonNode upload(Path dicom) throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(url + "/instances"))
                .POST(HttpRequest.BodyPublishers.ofFile(dicom)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("Orthanc upload answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client().send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A new connection per call: Orthanc may close a kept-alive connection after a long call (a
     * retrieve), and the JDK client does not send a POST again on a connection it finds closed.
     */
    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("orthanc.log"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The DICOMweb plugin, where Debian's package put it. */
    private static Path plugin() throws Exception {
        Process list = new ProcessBuilder("dpkg", "-L", "orthanc-dicomweb").redirectErrorStream(true).start();
        list.getOutputStream().close();
        String files = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        return files.lines().filter(l -> l.matches(".*/libOrthancDicomWeb\\.so[.0-9]*")).map(Path::of)
                .filter(Files::exists).findFirst()
                .orElseThrow(() -> new AssertionError("orthanc-dicomweb is not installed (scripts/bootstrap.sh)"));
    }

    private static String orthanc() {
        for (String candidate : new String[] {"/usr/sbin/Orthanc", "/usr/bin/Orthanc"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "Orthanc"; // on the PATH
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

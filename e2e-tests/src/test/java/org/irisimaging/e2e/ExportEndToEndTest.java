package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DICOM download on the running platform (flow 4, ADR 0014): the demo prescriber pushes a study
 * naming her with storescu, asks the gateway for it as an export, follows the job until READY,
 * downloads the ZIP through the gateway and finds every instance in it under a PS3.10 file ID with
 * a DICOMDIR that dcmtk reads and that references every file; the site administrator, who sees the
 * study but did not ask, cannot download it; the prescriber is told in-app and by e-mail (English,
 * as asked), with the download link.
 *
 * <p>The e-mail needs the {@code email} claim in the prescriber's access token (study-index-service
 * takes the address from the requester's token).
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportEndToEndTest {

    private static final String GATEWAY = RunningPlatform.GATEWAY;
    private static final String NOTIFICATIONS = "http://localhost:8084";
    private static final String PRESCRIBER_RPPS = "10000000011";
    private static final String PRESCRIBER_EMAIL = "prescriber@demo.iris.invalid";
    private static final Pattern FILE_ID = Pattern.compile("[A-Z0-9_]{1,8}(/[A-Z0-9_]{1,8})*");
    private static final Pattern REFERENCED_FILE_ID = Pattern.compile("\\(0004,1500\\) CS \\[([^]]*)]");
    private static final Pattern SOP_INSTANCE_UID = Pattern.compile("\\(0008,0018\\) UI \\[([^]]*)]");

    private RunningPlatform platform;
    private String prescriber;
    private String siteAdmin;
    private String study;
    private final List<String> sops = new ArrayList<>();

    @BeforeAll
    void pushAStudyAndSignIn() throws Exception {
        platform = PlatformExtension.platform();
        prescriber = platform.devSignIn("prescriber");
        siteAdmin = platform.devSignIn("site-admin");
        study = uid();
        String ctSeries = uid();
        String mrSeries = uid();
        push(SampleFiles.pydicom("CT_small.dcm"), ctSeries);
        push(SampleFiles.pydicom("MR_small.dcm"), mrSeries);
        awaitOnline();
    }

    @Test
    void theRequesterDownloadsTheStudyAsAZipWithADicomdirAndIsNotified() throws Exception {
        int mailsBefore = new Mailbox(PRESCRIBER_EMAIL).count();

        HttpResponse<byte[]> accepted = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/exports"))
                .header("Authorization", "Bearer " + prescriber).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(platform.json.writeValueAsString(
                        Map.of("studyInstanceUID", study, "locale", "en")))));
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
        String id = platform.json.readTree(accepted.body()).path("id").asText();
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/api/exports/" + id);

        JsonNode job = awaitReady(id);
        assertThat(job.path("instanceCount").asInt()).isEqualTo(2);
        assertThat(Instant.parse(job.path("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofHours(71)));

        // her Downloads list on the public origin has it, ready; the site admin's has not
        JsonNode list = platform.json.readTree(get("/api/exports?limit=100", prescriber).body());
        assertThat(list.path("exports").findValuesAsText("id")).contains(id);
        assertThat(list.path("exports").get(0).path("id").asText()).as("newest first").isEqualTo(id);
        assertThat(list.path("exports").get(0).path("status").asText()).isEqualTo("READY");
        assertThat(platform.json.readTree(get("/api/exports?limit=100", siteAdmin).body()).path("exports")
                .findValuesAsText("id")).doesNotContain(id);

        // someone who sees the study but did not ask for this export cannot download it
        HttpResponse<byte[]> other = get("/api/exports/" + id + "/archive", siteAdmin);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<byte[]> archive = get("/api/exports/" + id + "/archive", prescriber);
        assertThat(archive.statusCode()).as(text(archive)).isEqualTo(200);
        assertThat(archive.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        assertThat(archive.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");

        Path extracted = Files.createTempDirectory("export");
        Map<String, byte[]> entries = unzip(archive.body());
        assertThat(entries).containsKey("DICOMDIR").hasSize(3);
        assertThat(entries.keySet()).allMatch(name -> FILE_ID.matcher(name).matches());
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path file = extracted.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        List<String> files = entries.keySet().stream().filter(n -> !n.equals("DICOMDIR")).toList();
        String dicomdir = RunningPlatform.runTool("dcmdump", "-q", "-Un", extracted.resolve("DICOMDIR").toString());
        List<String> referenced = new ArrayList<>();
        Matcher m = REFERENCED_FILE_ID.matcher(dicomdir);
        while (m.find()) {
            referenced.add(m.group(1).replace('\\', '/'));
        }
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(files);
        List<String> packaged = new ArrayList<>();
        for (String f : files) {
            Matcher sop = SOP_INSTANCE_UID.matcher(RunningPlatform.runTool("dcmdump", "-q", "+P", "0008,0018", extracted.resolve(f).toString()));
            assertThat(sop.find()).as(f).isTrue();
            packaged.add(sop.group(1));
        }
        assertThat(packaged).containsExactlyInAnyOrderElementsOf(sops);

        // told in-app and by e-mail, with the link
        String link = "/api/exports/" + id + "/archive";
        JsonNode inbox = awaitNotification(link);
        assertThat(inbox.path("kind").asText()).isEqualTo("export-ready");
        String mail = new Mailbox(PRESCRIBER_EMAIL).await(mailsBefore,
                text -> text.contains(link) ? Optional.of(text) : Optional.empty(), Duration.ofSeconds(60));
        assertThat(mail).contains("Your DICOM export is ready").doesNotContain("EXPORT^Patient")
                .doesNotContain("Patient");
    }

    @Test
    void aStudyTheCallerMayNotSeeIsA404AndAnUnknownExportToo() throws Exception {
        HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/exports"))
                .header("Authorization", "Bearer " + prescriber).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"studyInstanceUID\":\"" + uid() + "\"}")));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(get("/api/exports/" + UUID.randomUUID() + "/archive", prescriber).statusCode()).isEqualTo(404);
        assertThat(get("/api/exports/" + UUID.randomUUID() + "/archive", null).statusCode()).isEqualTo(401);
    }

    // --- helpers ---

    private JsonNode awaitReady(String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode job = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<byte[]> status = get("/api/exports/" + id, prescriber);
            assertThat(status.statusCode()).as(text(status)).isEqualTo(200);
            job = platform.json.readTree(status.body());
            if (!job.path("status").asText().equals("REQUESTED")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(job).isNotNull();
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("READY");
        return job;
    }

    private JsonNode awaitNotification(String link) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> inbox = platform.get(NOTIFICATIONS + "/api/notifications", prescriber);
            assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
            for (JsonNode n : platform.readJson(inbox)) {
                if (n.path("link").asText().endsWith(link)) {
                    return n;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no in-app notification with " + link);
    }

    private void awaitOnline() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<byte[]> found = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/studies?StudyInstanceUID="
                            + study + "&includefield=00080056")).header("Accept", "application/dicom+json")
                    .header("Authorization", "Bearer " + prescriber).GET());
            JsonNode results = platform.json.readTree(found.body());
            if (results.size() == 1
                    && "ONLINE".equals(results.get(0).path("00080056").path("Value").path(0).asText())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("study " + study + " not ONLINE within 120 s");
    }

    private void push(Path source, String series) throws Exception {
        String sop = uid();
        Path file = SampleFiles.copy(source, new SampleFiles.Copy(study, series, sop, "E2E-EXPORT", "EXPORT^Patient",
                "E2E-X", "20250314", "RPPS", PRESCRIBER_RPPS));
        RunningPlatform.runTool("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112", file.toString());
        sops.add(sop);
    }


    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return platform.send(request.timeout(Duration.ofSeconds(60)).build());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }


    private static String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }

    /** A new UID under the UUID-derived root 2.25 (PS3.5 B.2). */
    private static String uid() {
        UUID u = UUID.randomUUID();
        return "2.25." + new BigInteger(1, HexFormat.of().parseHex(u.toString().replace("-", "")));
    }
}

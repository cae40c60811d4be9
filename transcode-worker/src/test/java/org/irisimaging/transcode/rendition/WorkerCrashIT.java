package org.irisimaging.transcode.rendition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.FileSystemBlobStore;
import org.irisimaging.blob.StoredBlob;
import org.irisimaging.embedded.EmbeddedKafka;
import org.irisimaging.embedded.EmbeddedPostgres;
import org.irisimaging.embedded.Ports;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.testsupport.PydicomCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged worker, killed (SIGKILL) in the middle of a study and started again, renders every
 * instance: nothing lost (each instance announced as rendered, each with its one rendition) and
 * nothing duplicated (one rendition blob and one processed-event record per instance; a re-sent
 * announcement for an instance rendered just before the kill is allowed, at-least-once).
 */
class WorkerCrashIT {

    private static final int INSTANCES = 400;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void aWorkerKilledMidStudyResumesWithNothingLostOrDuplicated() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(0, null);
             EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
             KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            Path blobRoot = tmp.resolve("blobs");
            FileSystemBlobStore blobs = new FileSystemBlobStore(blobRoot);
            String study = "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
            String series = study + ".1";
            Path ct = PydicomCorpus.file("test_files/CT_small.dcm");
            List<ProducerRecord<String, String>> events = new ArrayList<>();
            Set<String> sops = new HashSet<>();
            for (int i = 1; i <= INSTANCES; i++) {
                String sop = series + "." + i;
                StoredBlob original = blobs.write(BlobKey.forInstance(study, series, sop), ct);
                sops.add(sop);
                events.add(received(study, series, sop, original));
            }
            ConsumerTask<String, String> rendered = companion.consumeStrings().fromTopics(Topics.INSTANCE_RENDERED);
            int httpPort = Ports.freePort();
            List<String> command = workerCommand(pg, kafka, blobRoot, httpPort);

            Process worker = start(command, tmp.resolve("worker-1.log"));
            awaitReady(worker, httpPort);
            companion.produce(String.class, String.class).fromRecords(events).awaitCompletion();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rendered.getRecords().size() >= 20);
            worker.destroyForcibly().waitFor(); // SIGKILL: no shutdown, no commit
            int beforeKill = distinctSops(rendered).size();
            assertThat(beforeKill).as("killed in the middle of the study").isLessThan(INSTANCES);

            Process restarted = start(command, tmp.resolve("worker-2.log"));
            try {
                awaitReady(restarted, httpPort);
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> distinctSops(rendered).equals(sops));
                String metrics = get("http://localhost:" + httpPort + "/q/metrics");
                assertThat(metrics).as("consumer lag is exported").contains("kafka_consumer_fetch_manager_records_lag");
            } finally {
                restarted.destroy();
                restarted.waitFor();
            }
            try (Stream<Path> files = Files.list(blobRoot.resolve("renditions").resolve(study).resolve(series))) {
                assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                        .as("one rendition per instance")
                        .isEqualTo(sops.stream().map(s -> s + ".dcm").collect(Collectors.toSet()));
            }
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from transcode.processed_event")) {
                rs.next();
                assertThat(rs.getLong(1)).as("each event processed once").isEqualTo(INSTANCES);
            }
            long announcements = rendered.getRecords().size();
            System.out.printf("[WorkerCrashIT] %d rendered before the kill; %d announcements for %d instances%n",
                    beforeKill, announcements, INSTANCES);
            rendered.stop();
        }
    }

    private static ProducerRecord<String, String> received(String study, String series, String sop, StoredBlob blob) {
        String payload = JSON.createObjectNode()
                .put("studyInstanceUID", study).put("seriesInstanceUID", series).put("sopInstanceUID", sop)
                .put("sopClassUID", "1.2.840.10008.5.1.4.1.1.2").put("transferSyntaxUID", "1.2.840.10008.1.2.1")
                .put("blobKey", blob.key().value()).put("sizeBytes", blob.sizeBytes()).put("sha256", blob.sha256())
                .put("source", "DIMSE").put("callingAeTitle", "STORESCU")
                .put("receivedAt", "2026-11-23T08:00:00Z").toString();
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INSTANCE_RECEIVED, study, payload);
        for (var h : Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", EventTypes.INSTANCE_RECEIVED, "ce_source", "urn:iris:study-index-service",
                "content-type", "application/json").entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static Set<String> distinctSops(ConsumerTask<String, String> rendered) {
        Set<String> sops = new HashSet<>();
        for (var r : rendered.getRecords()) {
            try {
                JsonNode event = JSON.readTree(r.value());
                if (event.path("outcome").asText().equals("LOSSLESS")) {
                    sops.add(event.path("sopInstanceUID").asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return sops;
    }

    /** The worker as packaged, in the dev profile but on this test's servers and port. */
    private static List<String> workerCommand(EmbeddedPostgres pg, EmbeddedKafka kafka, Path blobRoot, int port) {
        String jar = System.getProperty("worker.jar");
        assertThat(jar).as("worker.jar (set by failsafe)").isNotNull();
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl(),
                "-Dquarkus.datasource.username=" + pg.username(),
                "-Dquarkus.datasource.password=" + pg.password(),
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Diris.blob.root=" + blobRoot,
                "-jar", jar);
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(Process worker, int port) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(worker.isAlive()).as("worker running").isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}

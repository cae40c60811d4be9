package org.irisimaging.transcode.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.blob.StoredBlob;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export.requested} in, a ZIP with a DICOMDIR in the blob store and {@code export.ready} out:
 * every file packaged byte for byte under a PS3.10 file ID, a DICOMDIR that dcmtk reads and whose
 * records reference every file; a redelivered request is packaged once; a missing file is announced
 * FAILED; a poison message goes to the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class ExportPackageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** PS3.10 §8.2: 1 to 8 upper-case letters, digits or underscores per component. */
    private static final Pattern FILE_ID = Pattern.compile("[A-Z0-9_]{1,8}(/[A-Z0-9_]{1,8})*");
    private static final Pattern REFERENCED_FILE_ID = Pattern.compile("\\(0004,1500\\) CS \\[([^]]*)]");
    private static KafkaCompanion kafka;
    private static ConsumerTask<String, String> ready;

    @Inject
    BlobStore blobs;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        ready = kafka.consumeStrings().fromTopics(Topics.EXPORT_READY);
    }

    @AfterAll
    static void close() {
        ready.stop();
        kafka.close();
    }

    @Test
    void aStudyIsPackagedAsIsWithADicomdirThatReferencesEveryFile() throws Exception {
        // an original, a JPEG Lossless (.4.70) rendition made by dcmtk, an object without pixel data;
        // two series
        Path rendition = work.resolve("rendition.dcm");
        run("dcmcjpeg", PydicomCorpus.file("test_files/MR_small.dcm").toString(), rendition.toString());
        assertThat(DicomFile.read(rendition).transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.70");
        List<Stored> stored = List.of(
                store(PydicomCorpus.file("test_files/CT_small.dcm"), "1.2.3.1"),
                store(rendition, "1.2.3.1"),
                store(PydicomCorpus.file("test_files/rtplan.dcm"), "1.2.3.2"));
        String jobId = UUID.randomUUID().toString();
        String study = "1.2.826.0.1.3680043.8.498." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16)
                .toString().substring(0, 20);

        send(UUID.randomUUID().toString(), study, request(jobId, study, stored));
        JsonNode event = awaitReady(jobId, 1).get(0);

        assertThat(event.path("outcome").asText()).isEqualTo("READY");
        assertThat(event.path("blobKey").asText()).isEqualTo("exports/" + jobId + ".zip");
        assertThat(event.path("instanceCount").asInt()).isEqualTo(3);
        assertThat(event.path("requesterSubject").asText()).isEqualTo("martin");
        assertThat(event.path("locale").asText()).isEqualTo("en");
        Instant completed = Instant.parse(event.path("completedAt").asText());
        assertThat(Instant.parse(event.path("expiresAt").asText())).isEqualTo(completed.plus(Duration.ofHours(72)));

        Map<String, byte[]> entries = unzip(new BlobKey(event.path("blobKey").asText()));
        assertThat(entries.keySet()).containsExactly("DICOM/S0001/I0001", "DICOM/S0001/I0002", "DICOM/S0002/I0001",
                "DICOMDIR");
        assertThat(entries.keySet()).allMatch(name -> FILE_ID.matcher(name).matches());
        assertThat(event.path("sizeBytes").asLong()).isEqualTo(blobSize(new BlobKey(event.path("blobKey").asText())));
        List<String> files = entries.keySet().stream().filter(n -> !n.equals("DICOMDIR")).toList();
        for (int i = 0; i < files.size(); i++) {
            byte[] original;
            try (InputStream in = blobs.open(stored.get(i).key)) {
                original = in.readAllBytes();
            }
            assertThat(entries.get(files.get(i))).as(files.get(i) + " byte for byte").isEqualTo(original);
        }

        // dcmtk reads the DICOMDIR; its records reference every file, with the right transfer syntax
        Path extracted = work.resolve("package");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path file = extracted.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        String dump = run("dcmdump", "-q", "-Un", extracted.resolve("DICOMDIR").toString());
        assertThat(dump).contains("[1.2.840.10008.1.3.10]") // Media Storage Directory Storage.contains("[PATIENT]").contains("[STUDY]")
                .contains("[SERIES]");
        List<String> referenced = new ArrayList<>();
        Matcher m = REFERENCED_FILE_ID.matcher(dump);
        while (m.find()) {
            referenced.add(m.group(1).replace('\\', '/'));
        }
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(files);
        assertThat(dump).contains("[1.2.840.10008.1.2.4.70]"); // the rendition's JPEG Lossless
        // and every packaged file is a Part 10 file dcmtk reads
        for (String f : files) {
            run("dcmdump", "-q", "+P", "0008,0018", extracted.resolve(f).toString());
        }
    }

    @Test
    void aRedeliveredRequestIsPackagedOnceAndAMissingFileIsAnnouncedFailed() throws Exception {
        Stored ct = store(PydicomCorpus.file("test_files/CT_small.dcm"), "1.2.3.1");
        String jobId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        send(eventId, "1.2.3", request(jobId, "1.2.3", List.of(ct)));
        awaitReady(jobId, 1);
        send(eventId, "1.2.3", request(jobId, "1.2.3", List.of(ct)));

        String missingJob = UUID.randomUUID().toString();
        Stored missing = new Stored(new BlobKey("instances/1.2.3/1.2.3.1/9.9.9.dcm"), "1.2.3.1", "9.9.9", 100);
        send(UUID.randomUUID().toString(), "1.2.3", request(missingJob, "1.2.3", List.of(ct, missing)));
        JsonNode failed = awaitReady(missingJob, 1).get(0);
        assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failureReason").asText()).contains("missing");
        assertThat(failed.path("blobKey").isNull()).isTrue();
        assertThat(blobs.exists(BlobKey.forExport(UUID.fromString(missingJob)))).as("nothing half-written").isFalse();
        // one pool, one export at a time, in order: the redelivery was consumed before the failed job
        assertThat(readyFor(jobId)).as("packaged once").hasSize(1);

        var dlq = kafka.consumeStrings().fromTopics(Topics.EXPORT_REQUESTED + ".dlq");
        kafka.produce(String.class, String.class)
                .fromRecords(List.of(cloudEvent(UUID.randomUUID().toString(), "poison", "{not json"))).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dlq.getRecords()).anyMatch(r -> "poison".equals(r.key())));
        dlq.stop();
    }

    // ------------------------------------------------------------------ helpers

    private record Stored(BlobKey key, String series, String sop, long size) {
    }

    private Stored store(Path file, String series) throws Exception {
        String sop = "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
        BlobKey key = BlobKey.forInstance("1.2.3", series, sop);
        StoredBlob blob = blobs.write(key, file);
        return new Stored(key, series, sop, blob.sizeBytes());
    }

    private static String request(String jobId, String study, List<Stored> instances) {
        ObjectNode request = JSON.createObjectNode().put("jobId", jobId).put("studyInstanceUID", study)
                .put("studyDate", "20260314").put("requesterSubject", "martin")
                .put("requesterEmail", "martin@example.org").put("locale", "en").put("expiry", "PT72H")
                .put("requestedAt", "2026-11-23T08:00:00Z");
        ArrayNode list = request.putArray("instances");
        for (Stored s : instances) {
            list.addObject().put("seriesInstanceUID", s.series).put("sopInstanceUID", s.sop)
                    .put("blobKey", s.key.value()).put("sizeBytes", s.size);
        }
        return request.toString();
    }

    private static void send(String eventId, String key, String payload) {
        kafka.produce(String.class, String.class).fromRecords(List.of(cloudEvent(eventId, key, payload)))
                .awaitCompletion();
    }

    private static ProducerRecord<String, String> cloudEvent(String eventId, String key, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.EXPORT_REQUESTED, key, payload);
        for (var h : Map.of("ce_specversion", "1.0", "ce_id", eventId, "ce_type", EventTypes.EXPORT_REQUESTED,
                "ce_source", "urn:iris:study-index-service", "content-type", "application/json").entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static List<JsonNode> awaitReady(String jobId, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> readyFor(jobId).size() >= count);
        return readyFor(jobId);
    }

    private static List<JsonNode> readyFor(String jobId) {
        return ready.getRecords().stream().map(ConsumerRecord::value).filter(v -> v.contains(jobId)).map(v -> {
            try {
                return JSON.readTree(v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private Map<String, byte[]> unzip(BlobKey key) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(blobs.open(key))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private long blobSize(BlobKey key) throws Exception {
        try (InputStream in = blobs.open(key)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Runs a dcmtk tool; fails the test unless it exits 0. Returns its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }
}

package org.irisimaging.transcode.rendition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
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
import org.irisimaging.dicom.jpeg.JpegLosslessEncoder;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code instance.received} in, {@code instance.rendered} out: native pixel data becomes a JPEG
 * Lossless rendition that decodes to the original samples, or a verified baseline JPEG for a site on
 * the lossy tier; an RLE original is decoded and rendered lossless, bit-exact; what no decoder takes
 * and pixel-less objects are kept as received; a redelivered event is rendered once; a poison message
 * goes to the dead-letter topic; a rendition that fails verification, lossless or lossy, is withdrawn.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class RenditionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaCompanion kafka;
    private static ConsumerTask<String, String> rendered;

    @Inject
    BlobStore blobs;
    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        rendered = kafka.consumeStrings().fromTopics(Topics.INSTANCE_RENDERED);
    }

    @AfterAll
    static void close() {
        rendered.stop();
        kafka.close();
    }

    @Test
    void nativeGrayscaleBecomesAVerifiedLosslessRendition() throws Exception {
        for (String name : List.of("CT_small.dcm", "MR_small.dcm")) {
            Stored original = store(PydicomCorpus.file("test_files/" + name));
            send(UUID.randomUUID().toString(), original);

            JsonNode event = awaitRendered(original.sop, 1).get(0);
            assertThat(event.path("outcome").asText()).as(name).isEqualTo("LOSSLESS");
            assertThat(event.path("transferSyntaxUID").asText()).isEqualTo(JpegLosslessEncoder.TRANSFER_SYNTAX_UID);
            assertThat(event.path("originalSha256").asText()).isEqualTo(original.blob.sha256());
            assertThat(event.path("frames").asInt()).isEqualTo(1);
            BlobKey key = new BlobKey(event.path("blobKey").asText());
            assertThat(key).isEqualTo(BlobKey.forRendition(original.study, original.series, original.sop));

            AttributeList decoded = new AttributeList();
            decoded.setDecompressPixelData(true);
            try (InputStream in = blobs.open(key); DicomInputStream din = new DicomInputStream(in)) {
                decoded.read(din);
            }
            AttributeList source = DicomFile.read(PydicomCorpus.file("test_files/" + name)).attributes();
            assertThat(NativePixels.frame(decoded, 0)).as(name + ": bit-exact").isDeepEqualTo(NativePixels.frame(source, 0));
            DicomFile renditionFile;
            try (InputStream in = blobs.open(key)) {
                renditionFile = DicomFile.read(in);
            }
            assertThat(renditionFile.transferSyntaxUid()).isEqualTo(JpegLosslessEncoder.TRANSFER_SYNTAX_UID);
            assertThat(renditionFile.sopInstanceUid()).as("the same object")
                    .isEqualTo(DicomFile.read(PydicomCorpus.file("test_files/" + name)).sopInstanceUid());
            assertThat(event.path("sizeBytes").asLong()).isEqualTo(Files.size(blobRoot().resolve(key.value())))
                    .isLessThan(original.blob.sizeBytes());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verification(original.sop) != null);
            assertThat(verification(original.sop)).as(name + ": verified identical by PixelMed").isTrue();
        }
    }

    @Test
    void aRenditionThatDoesNotDecodeToItsOriginalIsWithdrawn() throws Exception {
        // A rendition of another image stored for this instance: what an encoder bug would produce.
        Stored original = store(PydicomCorpus.file("test_files/CT_small.dcm"));
        AttributeList other = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm")).attributes();
        BlobKey key = BlobKey.forRendition(original.study, original.series, original.sop);
        StoredBlob wrong = blobs.write(key, new ByteArrayInputStream(LosslessRendition.render(other).part10()));
        String event = JSON.createObjectNode()
                .put("studyInstanceUID", original.study).put("seriesInstanceUID", original.series)
                .put("sopInstanceUID", original.sop).put("originalSha256", original.blob.sha256())
                .put("outcome", "LOSSLESS").put("blobKey", key.value())
                .put("transferSyntaxUID", JpegLosslessEncoder.TRANSFER_SYNTAX_UID).put("sizeBytes", wrong.sizeBytes())
                .put("frames", 1).putNull("note").put("renderedAt", "2026-11-23T08:00:00Z").toString();
        ProducerRecord<String, String> record = cloudEvent(UUID.randomUUID().toString(), original.study, event);
        kafka.produce(String.class, String.class)
                .fromRecords(List.of(new ProducerRecord<>(Topics.INSTANCE_RENDERED, null, original.study, event,
                        record.headers()))).awaitCompletion();

        JsonNode withdrawn = awaitRendered(original.sop, 2).stream()
                .filter(e -> e.path("outcome").asText().equals("KEPT_ORIGINAL")).findFirst().orElseThrow();
        assertThat(withdrawn.path("blobKey").asText()).isEqualTo(original.blob.key().value());
        assertThat(withdrawn.path("transferSyntaxUID").asText()).isEqualTo(original.transferSyntax);
        assertThat(withdrawn.path("sizeBytes").asLong()).isEqualTo(original.blob.sizeBytes());
        assertThat(withdrawn.path("note").asText()).contains("failed verification");
        assertThat(verification(original.sop)).isFalse();
    }

    @Test
    void compressedAndPixellessObjectsAreKeptAsReceived() throws Exception {
        Stored jpeg2000 = store(PydicomCorpus.file("test_files/JPEG2000.dcm")); // .91: may be lossy
        Stored structure = store(PydicomCorpus.file("test_files/rtplan.dcm"));
        send(UUID.randomUUID().toString(), jpeg2000);
        send(UUID.randomUUID().toString(), structure);

        JsonNode kept = awaitRendered(jpeg2000.sop, 1).get(0);
        assertThat(kept.path("outcome").asText()).isEqualTo("KEPT_ORIGINAL");
        assertThat(kept.path("blobKey").asText()).isEqualTo(jpeg2000.blob.key().value());
        assertThat(kept.path("note").asText()).contains("arrived compressed");
        JsonNode none = awaitRendered(structure.sop, 1).get(0);
        assertThat(none.path("outcome").asText()).isEqualTo("NO_PIXEL_DATA");
        assertThat(none.path("blobKey").asText()).isEqualTo(structure.blob.key().value());
    }

    @Test
    void aRedeliveredEventIsRenderedOnceAndAPoisonMessageGoesToTheDeadLetterTopic() throws Exception {
        Stored original = store(PydicomCorpus.file("test_files/MR_small.dcm"));
        String eventId = UUID.randomUUID().toString();
        send(eventId, original);
        awaitRendered(original.sop, 1);
        send(eventId, original);

        var dlq = kafka.consumeStrings().fromTopics(Topics.INSTANCE_RECEIVED + ".dlq");
        ProducerRecord<String, String> poison = cloudEvent(UUID.randomUUID().toString(), "poison", "{not json");
        kafka.produce(String.class, String.class).fromRecords(List.of(poison)).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dlq.getRecords()).anyMatch(r -> "poison".equals(r.key())));
        dlq.stop();
        // the poison message came after the redelivery: by now the redelivery was consumed
        assertThat(renderedFor(original.sop)).as("rendered once").hasSize(1);
    }

    @Test
    void aLossySiteGetsAVerifiedBaselineJpegRendition() throws Exception {
        Stored original = store(PydicomCorpus.file("test_files/CT_small.dcm"));
        send(UUID.randomUUID().toString(), original, "LOSSYPACS"); // iris.rendition.sites.LOSSYPACS.tier=lossy

        JsonNode event = awaitRendered(original.sop, 1).get(0);
        assertThat(event.path("outcome").asText()).isEqualTo("LOSSY");
        assertThat(event.path("transferSyntaxUID").asText()).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(event.path("frames").asInt()).isEqualTo(1);
        BlobKey key = new BlobKey(event.path("blobKey").asText());
        assertThat(key).isEqualTo(BlobKey.forRendition(original.study, original.series, original.sop));
        DicomFile rendition;
        try (InputStream in = blobs.open(key)) {
            rendition = DicomFile.read(in);
        }
        assertThat(rendition.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(rendition.attributes(),
                com.pixelmed.dicom.TagFromName.LossyImageCompression)).isEqualTo("01");
        assertThat(event.path("sizeBytes").asLong()).isLessThan(original.blob.sizeBytes() / 3);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verification(original.sop) != null);
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("select outcome, passed, identical, note from rendition_verification where sop_instance_uid = ?")) {
            s.setString(1, original.sop);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("outcome")).isEqualTo("LOSSY");
                assertThat(rs.getBoolean("passed")).as("decodable, right geometry, close to the 8-bit image").isTrue();
                assertThat(rs.getBoolean("identical")).as("a lossy rendition is never identical").isFalse();
                assertThat(rs.getString("note")).startsWith("lossy: 1 frames decoded");
            }
        }
    }

    @Test
    void anRleOriginalIsRenderedLosslessAndVerifiedBitExact() throws Exception {
        Stored original = store(PydicomCorpus.file("test_files/MR_small_RLE.dcm"));
        send(UUID.randomUUID().toString(), original);

        JsonNode event = awaitRendered(original.sop, 1).get(0);
        assertThat(event.path("outcome").asText()).isEqualTo("LOSSLESS");
        assertThat(event.path("transferSyntaxUID").asText()).isEqualTo(JpegLosslessEncoder.TRANSFER_SYNTAX_UID);
        assertThat(event.path("note").asText()).isEqualTo("decoded from 1.2.840.10008.1.2.5");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verification(original.sop) != null);
        assertThat(verification(original.sop)).as("identical to the decoded RLE samples").isTrue();
    }

    @Test
    void aLossyRenditionThatIsNotItsOriginalsImageIsWithdrawn() throws Exception {
        Stored original = store(PydicomCorpus.file("test_files/CT_small.dcm"));
        AttributeList other = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm")).attributes();
        BlobKey key = BlobKey.forRendition(original.study, original.series, original.sop);
        StoredBlob wrong = blobs.write(key, new ByteArrayInputStream(LossyRendition.render(other, 90).part10()));
        String event = JSON.createObjectNode()
                .put("studyInstanceUID", original.study).put("seriesInstanceUID", original.series)
                .put("sopInstanceUID", original.sop).put("originalSha256", original.blob.sha256())
                .put("outcome", "LOSSY").put("blobKey", key.value())
                .put("transferSyntaxUID", "1.2.840.10008.1.2.4.50").put("sizeBytes", wrong.sizeBytes())
                .put("frames", 1).putNull("note").put("renderedAt", "2026-11-23T08:00:00Z").toString();
        ProducerRecord<String, String> record = cloudEvent(UUID.randomUUID().toString(), original.study, event);
        kafka.produce(String.class, String.class)
                .fromRecords(List.of(new ProducerRecord<>(Topics.INSTANCE_RENDERED, null, original.study, event,
                        record.headers()))).awaitCompletion();

        JsonNode withdrawn = awaitRendered(original.sop, 2).stream()
                .filter(e -> e.path("outcome").asText().equals("KEPT_ORIGINAL")).findFirst().orElseThrow();
        assertThat(withdrawn.path("blobKey").asText()).isEqualTo(original.blob.key().value());
        assertThat(withdrawn.path("note").asText()).startsWith("lossy rendition failed verification: frame 1 decodes to 64x64x1");
    }

    // ------------------------------------------------------------------ helpers

    private record Stored(String study, String series, String sop, String sopClass, String transferSyntax,
                          StoredBlob blob) {
    }

    /**
     * Stores a corpus file as an original under a fresh SOP Instance UID (corpus files share
     * theirs between variants), as the gateway would have.
     */
    private Stored store(Path file) throws Exception {
        DicomFile dicom = DicomFile.read(file);
        String sop = "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
        BlobKey key = BlobKey.forInstance(dicom.studyInstanceUid(), dicom.seriesInstanceUid(), sop);
        StoredBlob blob = blobs.write(key, file);
        return new Stored(dicom.studyInstanceUid(), dicom.seriesInstanceUid(), sop, dicom.sopClassUid(),
                dicom.transferSyntaxUid(), blob);
    }

    private void send(String eventId, Stored s) {
        send(eventId, s, "STORESCU");
    }

    private void send(String eventId, Stored s, String callingAeTitle) {
        String payload = JSON.createObjectNode()
                .put("studyInstanceUID", s.study).put("seriesInstanceUID", s.series).put("sopInstanceUID", s.sop)
                .put("sopClassUID", s.sopClass).put("transferSyntaxUID", s.transferSyntax)
                .put("blobKey", s.blob.key().value()).put("sizeBytes", s.blob.sizeBytes())
                .put("sha256", s.blob.sha256()).put("source", "DIMSE").put("callingAeTitle", callingAeTitle)
                .put("receivedAt", "2026-11-23T08:00:00Z").toString();
        kafka.produce(String.class, String.class).fromRecords(List.of(cloudEvent(eventId, s.study, payload)))
                .awaitCompletion();
    }

    private static ProducerRecord<String, String> cloudEvent(String eventId, String key, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INSTANCE_RECEIVED, key, payload);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId);
        header(record, "ce_type", EventTypes.INSTANCE_RECEIVED);
        header(record, "ce_source", "urn:iris:study-index-service");
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> awaitRendered(String sop, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> renderedFor(sop).size() >= count);
        return renderedFor(sop);
    }

    private static List<JsonNode> renderedFor(String sop) {
        return rendered.getRecords().stream().map(ConsumerRecord::value)
                .filter(v -> v.contains("\"" + sop + "\""))
                .map(v -> {
                    try {
                        return JSON.readTree(v);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    /** Whether the verifier found the rendition identical; {@code null} before it has looked. */
    private Boolean verification(String sop) throws Exception {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("select identical from rendition_verification where sop_instance_uid = ?")) {
            s.setString(1, sop);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    private static Path blobRoot() {
        return Path.of(ConfigProvider.getConfig().getValue("iris.blob.root", String.class));
    }
}

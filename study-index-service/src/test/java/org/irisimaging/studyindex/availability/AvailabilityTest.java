package org.irisimaging.studyindex.availability;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.studyindex.Samples;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.request;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.firstValues;
import static org.irisimaging.studyindex.StudyIndexApi.qido;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/**
 * Instance Availability in QIDO-RS follows the renditions: NEARLINE while received, ONLINE once
 * rendered, the study ONLINE when all its instances are; stale and broken events change nothing.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class AvailabilityTest {

    private static final String INSTANCE_AVAILABILITY = "00080056";
    private KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aStudyIsOnlineOnceAllItsInstancesAreRendered() {
        String study = uid();
        String series = uid();
        ObjectNode first = request(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()));
        ObjectNode second = request(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()));
        assertThat(register(first).statusCode()).isEqualTo(201);
        assertThat(register(second).statusCode()).isEqualTo(201);
        assertThat(studyAvailability(study)).isEqualTo("NEARLINE");

        rendered(first, sha(first));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> "ONLINE".equals(instanceAvailability(study, sop(first))));
        assertThat(instanceAvailability(study, sop(second))).isEqualTo("NEARLINE");
        assertThat(studyAvailability(study)).as("one instance still waiting").isEqualTo("NEARLINE");

        rendered(second, "0".repeat(64)); // about another version: ignored
        rendered(second, sha(second));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "ONLINE".equals(studyAvailability(study)));
        assertThat(instanceAvailability(study, sop(second))).isEqualTo("ONLINE");

        // a corrected re-send waits for its own rendition again
        ObjectNode corrected = first.deepCopy();
        Samples.set((ObjectNode) corrected.get("dataset"), "00081030", "LO", "Corrected");
        ((ObjectNode) corrected.get("blob")).put("sha256", Samples.sha256(corrected.get("dataset").toString()));
        assertThat(register(corrected).jsonPath().getString("outcome")).isEqualTo("REPLACED");
        assertThat(instanceAvailability(study, sop(first))).isEqualTo("NEARLINE");
        assertThat(studyAvailability(study)).isEqualTo("NEARLINE");
    }

    /**
     * What the portal's study page asks, as the prescriber: the study's availability at the study
     * level (one result), each series' and each instance's at theirs, all by default (no includefield).
     */
    @Test
    void thePrescriberSeesEachLevelsAvailabilityAndASeriesIsOnlineWithItsOwnInstances() {
        String doctor = "8" + String.format("%011d", new java.util.Random().nextLong(100_000_000_000L));
        String prescriber = TestTokens.issue("avail-" + UUID.randomUUID(), Map.of("idnat_ps", doctor), "practitioner");
        String study = uid();
        String ct = uid();
        String mr = uid();
        ObjectNode first = request(Samples.setReferringPhysicianIds(Samples.patient(withUids(
                Samples.dataset(Samples.CT_SMALL), study, ct, uid()), "AV-" + study), "IDNPS", doctor));
        ObjectNode second = request(Samples.setReferringPhysicianIds(Samples.patient(withUids(
                Samples.dataset(Samples.MR_SMALL), study, mr, uid()), "AV-" + study), "IDNPS", doctor));
        assertThat(register(first).statusCode()).isEqualTo(201);
        assertThat(register(second).statusCode()).isEqualTo(201);

        assertThat(availability(prescriber, "/studies?StudyInstanceUID=" + study)).containsExactly("NEARLINE");
        assertThat(availability(prescriber, "/studies/" + study + "/series")).containsExactly("NEARLINE", "NEARLINE");

        rendered(first, sha(first));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "ONLINE".equals(
                availability(prescriber, "/studies/" + study + "/series?SeriesInstanceUID=" + ct).getFirst()));
        assertThat(availability(prescriber, "/studies/" + study + "/series?SeriesInstanceUID=" + mr))
                .containsExactly("NEARLINE");
        assertThat(availability(prescriber, "/studies?StudyInstanceUID=" + study)).as("the MR is still waiting")
                .containsExactly("NEARLINE");
        assertThat(availability(prescriber, "/studies/" + study + "/instances")).containsExactlyInAnyOrder(
                "ONLINE", "NEARLINE");

        rendered(second, sha(second));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "ONLINE".equals(
                availability(prescriber, "/studies?StudyInstanceUID=" + study).getFirst()));
        assertThat(availability(prescriber, "/studies/" + study + "/series")).containsExactly("ONLINE", "ONLINE");

        // another practitioner learns nothing, not even that it is there
        String colleague = TestTokens.issue("avail-other", Map.of("idnat_ps", "8" + "1".repeat(11)), "practitioner");
        assertThat(availability(colleague, "/studies?StudyInstanceUID=" + study)).isEmpty();
        assertThat(availability(colleague, "/studies/" + study + "/series")).isEmpty();
    }

    private static List<String> availability(String token, String pathAndQuery) {
        Response r = given().auth().oauth2(token).accept("application/dicom+json").get("/dicomweb" + pathAndQuery);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return firstValues(r, INSTANCE_AVAILABILITY);
    }

    @Test
    void aRemovedOriginalIsSaidSoInTheLocationsUntilTheInstanceIsSentAgain() {
        String study = uid();
        ObjectNode registration = request(withUids(Samples.dataset(Samples.CT_SMALL), study, uid(), uid()));
        assertThat(register(registration).statusCode()).isEqualTo(201);
        rendered(registration, sha(registration));
        assertThat(originalRemoved(study)).isFalse();

        originalRemoved(registration, "0".repeat(64)); // another version's original: ignored
        originalRemoved(registration, sha(registration));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> originalRemoved(study));

        ObjectNode resent = registration.deepCopy();
        Samples.set((ObjectNode) resent.get("dataset"), "00081030", "LO", "Sent again");
        ((ObjectNode) resent.get("blob")).put("sha256", Samples.sha256(resent.get("dataset").toString()));
        assertThat(register(resent).jsonPath().getString("outcome")).isEqualTo("REPLACED");
        assertThat(originalRemoved(study)).as("a new original arrived").isFalse();
    }

    @Test
    void anIncompleteEventGoesToTheDeadLetterTopic() {
        String key = "incomplete-" + UUID.randomUUID();
        kafka.produce(String.class, String.class).fromRecords(List.of(
                cloudEvent(key, "{\"sopInstanceUID\":\"1.2.3\"}"))).awaitCompletion();
        var dlq = kafka.consumeStrings().fromTopics(Topics.INSTANCE_RENDERED + ".dlq");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dlq.getRecords()).anyMatch(r -> key.equals(r.key())));
        dlq.stop();
    }

    private void rendered(ObjectNode registration, String originalSha256) {
        String study = registration.path("dataset").path("0020000D").path("Value").path(0).asText();
        String payload = JsonNodeFactory.instance.objectNode()
                .put("studyInstanceUID", study)
                .put("seriesInstanceUID", registration.path("dataset").path("0020000E").path("Value").path(0).asText())
                .put("sopInstanceUID", sop(registration))
                .put("originalSha256", originalSha256)
                .put("outcome", "LOSSLESS")
                .put("blobKey", "renditions/" + study + "/x/" + sop(registration) + ".dcm")
                .put("transferSyntaxUID", "1.2.840.10008.1.2.4.70")
                .put("sizeBytes", 1234).put("frames", 1).putNull("note")
                .put("renderedAt", "2026-11-23T08:00:00Z").toString();
        kafka.produce(String.class, String.class).fromRecords(List.of(cloudEvent(study, payload))).awaitCompletion();
    }

    private void originalRemoved(ObjectNode registration, String originalSha256) {
        String study = registration.path("dataset").path("0020000D").path("Value").path(0).asText();
        String payload = JsonNodeFactory.instance.objectNode()
                .put("studyInstanceUID", study)
                .put("seriesInstanceUID", registration.path("dataset").path("0020000E").path("Value").path(0).asText())
                .put("sopInstanceUID", sop(registration))
                .put("originalSha256", originalSha256)
                .put("blobKey", registration.path("blob").path("key").asText())
                .put("removedAt", "2026-11-23T08:01:00Z").toString();
        kafka.produce(String.class, String.class).fromRecords(List.of(
                cloudEvent(Topics.ORIGINAL_REMOVED, EventTypes.ORIGINAL_REMOVED, study, payload))).awaitCompletion();
    }

    private static boolean originalRemoved(String study) {
        return given().auth().oauth2(ADMIN).get("/api/locations/studies/" + study).then().statusCode(200)
                .extract().jsonPath().getBoolean("[0].originalRemoved");
    }

    private static ProducerRecord<String, String> cloudEvent(String key, String payload) {
        return cloudEvent(Topics.INSTANCE_RENDERED, EventTypes.INSTANCE_RENDERED, key, payload);
    }

    private static ProducerRecord<String, String> cloudEvent(String topic, String type, String key, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
        for (var h : Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", type, "ce_source", "urn:iris:transcode-worker",
                "content-type", "application/json").entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static String studyAvailability(String study) {
        return firstValues(qido("/studies", Map.of("StudyInstanceUID", study)), INSTANCE_AVAILABILITY).get(0);
    }

    private static String instanceAvailability(String study, String sop) {
        return firstValues(qido("/studies/" + study + "/instances", Map.of("SOPInstanceUID", sop)),
                INSTANCE_AVAILABILITY).get(0);
    }

    private static String sop(ObjectNode registration) {
        return registration.path("dataset").path("00080018").path("Value").path(0).asText();
    }

    private static String sha(ObjectNode registration) {
        return registration.path("blob").path("sha256").asText();
    }
}

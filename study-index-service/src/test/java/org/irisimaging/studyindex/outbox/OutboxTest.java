package org.irisimaging.studyindex.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.studyindex.Samples;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.request;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/**
 * A registration and its {@code instance.received} event commit together and the event reaches
 * Kafka, once per registration that changed something; events left in the outbox (a crash after
 * the commit) are relayed by the sweep with their original id.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class OutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaCompanion kafka;
    private static ConsumerTask<String, String> events;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void consume() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        events = kafka.consumeStrings().fromTopics(Topics.INSTANCE_RECEIVED);
    }

    @AfterAll
    static void close() {
        events.stop();
        kafka.close();
    }

    @Test
    void aNewInstanceIsAnnouncedOnceAndAReplacedOneAgain() throws Exception {
        String study = uid();
        String series = uid();
        String sop = uid();
        ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), study, series, sop);
        ObjectNode created = request(ds, "DIMSE", "MODALITY1");
        assertThat(register(created).statusCode()).isEqualTo(201);

        ConsumerRecord<String, String> event = awaitEvents(sop, 1).get(0);
        assertThat(event.key()).as("keyed by study").isEqualTo(study);
        assertThat(header(event, "ce_type")).isEqualTo(EventTypes.INSTANCE_RECEIVED);
        assertThat(header(event, "ce_source")).isEqualTo("urn:iris:study-index-service");
        assertThat(header(event, "ce_id")).isNotBlank();
        JsonNode payload = JSON.readTree(event.value());
        assertThat(payload.path("studyInstanceUID").asText()).isEqualTo(study);
        assertThat(payload.path("seriesInstanceUID").asText()).isEqualTo(series);
        assertThat(payload.path("sopClassUID").asText()).isEqualTo(
                ds.path("00080016").path("Value").path(0).asText());
        assertThat(payload.path("transferSyntaxUID").asText()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(payload.path("blobKey").asText()).isEqualTo(created.path("blob").path("key").asText());
        assertThat(payload.path("sizeBytes").asLong()).isEqualTo(created.path("blob").path("sizeBytes").asLong());
        assertThat(payload.path("source").asText()).isEqualTo("DIMSE");
        assertThat(payload.path("callingAeTitle").asText()).isEqualTo("MODALITY1");
        assertThat(payload.path("receivedAt").asText()).as("ISO-8601 instant").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        awaitOutboxEmpty();

        // an identical re-send changes nothing and announces nothing
        assertThat(register(created).jsonPath().getString("outcome")).isEqualTo("UNCHANGED");
        // a corrected re-send is announced again, as a new event
        ObjectNode corrected = ds.deepCopy();
        Samples.set(corrected, "00081030", "LO", "Corrected");
        assertThat(register(request(corrected, "DIMSE", "MODALITY1")).jsonPath().getString("outcome"))
                .isEqualTo("REPLACED");
        List<ConsumerRecord<String, String>> both = awaitEvents(sop, 2);
        assertThat(header(both.get(1), "ce_id")).isNotEqualTo(header(both.get(0), "ce_id"));
        Thread.sleep(500);
        assertThat(eventsFor(sop)).as("the UNCHANGED re-send was not announced").hasSize(2);

        // a STOW-RS instance names no calling AE title
        String stowed = uid();
        assertThat(register(request(withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), stowed), "STOW", null))
                .statusCode()).isEqualTo(201);
        JsonNode fromStow = JSON.readTree(awaitEvents(stowed, 1).get(0).value());
        assertThat(fromStow.path("source").asText()).isEqualTo("STOW");
        assertThat(fromStow.path("callingAeTitle").isNull()).isTrue();
    }

    /** The instances after a series' first (registered in one statement) are announced like it. */
    @Test
    void eachInstanceOfASeriesIsAnnouncedWithItsOwnFile() throws Exception {
        String study = uid();
        String series = uid();
        List<ObjectNode> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ObjectNode request = request(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()),
                    "DIMSE", "MODALITY1");
            assertThat(register(request).statusCode()).isEqualTo(201);
            requests.add(request);
        }
        for (ObjectNode request : requests) {
            String sop = request.path("dataset").path("00080018").path("Value").path(0).asText();
            JsonNode payload = JSON.readTree(awaitEvents(sop, 1).get(0).value());
            assertThat(payload.path("seriesInstanceUID").asText()).isEqualTo(series);
            assertThat(payload.path("blobKey").asText()).isEqualTo(request.path("blob").path("key").asText());
            assertThat(payload.path("callingAeTitle").asText()).isEqualTo("MODALITY1");
        }
        awaitOutboxEmpty();
    }

    @Test
    void aRefusedRegistrationLeavesNoEvent() throws Exception {
        String series = uid();
        String sop = uid();
        assertThat(register(request(withUids(Samples.dataset(Samples.CT_SMALL), uid(), series, sop))).statusCode())
                .isEqualTo(201);
        awaitEvents(sop, 1);
        // its series in another study: 409, and the transaction is rolled back with its event
        String otherSop = uid();
        assertThat(register(request(withUids(Samples.dataset(Samples.CT_SMALL), uid(), series, otherSop)))
                .statusCode()).isEqualTo(409);
        Thread.sleep(500);
        assertThat(eventsFor(otherSop)).isEmpty();
        awaitOutboxEmpty();
    }

    @Test
    void eventsLeftInTheOutboxAreRelayedWithTheirOwnId() throws Exception {
        // What a crash between a registration's commit and its relay leaves behind.
        String eventId = UUID.randomUUID().toString();
        String sop = uid();
        String study = uid();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into outbox_event (event_id, topic, message_key, type, payload)
                     values (?::uuid, ?, ?, ?, ?::jsonb)
                     """)) {
            s.setString(1, eventId);
            s.setString(2, Topics.INSTANCE_RECEIVED);
            s.setString(3, study);
            s.setString(4, EventTypes.INSTANCE_RECEIVED);
            s.setString(5, JSON.createObjectNode().put("studyInstanceUID", study).put("sopInstanceUID", sop).toString());
            s.executeUpdate();
        }

        ConsumerRecord<String, String> event = awaitEvents(sop, 1).get(0);
        assertThat(header(event, "ce_id")).isEqualTo(eventId);
        assertThat(event.key()).isEqualTo(study);
        awaitOutboxEmpty();
    }

    private static List<ConsumerRecord<String, String>> awaitEvents(String sop, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> eventsFor(sop).size() >= count);
        return eventsFor(sop);
    }

    private static List<ConsumerRecord<String, String>> eventsFor(String sop) {
        return events.getRecords().stream().filter(r -> r.value().contains("\"" + sop + "\"")).toList();
    }

    private void awaitOutboxEmpty() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("select count(*) from outbox_event");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

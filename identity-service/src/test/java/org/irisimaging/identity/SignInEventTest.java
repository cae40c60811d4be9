package org.irisimaging.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every sign-in outcome leaves as a SignInAttempted CloudEvent on Kafka, keyed by subject. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
class SignInEventTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void successAndFailureArePublished() throws Exception {
        String client = "dev-cli";
        String probe = "probe-" + UUID.randomUUID();
        given().auth().preemptive().basic(client, "dev-secret").formParam("grant_type", "client_credentials")
                .post("/token").then().statusCode(200);
        given().auth().preemptive().basic(probe, "bad-secret").formParam("grant_type", "client_credentials")
                .post("/token").then().statusCode(401);

        try (KafkaCompanion kafka = new KafkaCompanion(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            var consumer = kafka.consumeStrings()
                    .fromTopics(Topics.SIGN_IN_ATTEMPTED);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(consumer.getRecords()).anyMatch(r -> probe.equals(r.key())));
            List<ConsumerRecord<String, String>> records = consumer.getRecords();
            consumer.stop();

            ConsumerRecord<String, String> success = last(records, "SUCCEEDED", client);
            assertThat(success.key()).isEqualTo(client);
            assertThat(header(success, "ce_type")).isEqualTo(EventTypes.SIGN_IN_ATTEMPTED);
            assertThat(header(success, "ce_source")).isEqualTo("urn:iris:identity-service");
            assertThat(header(success, "ce_id")).isNotBlank();
            JsonNode payload = json.readTree(success.value());
            assertThat(payload.path("subject").asText()).isEqualTo(client);
            assertThat(payload.path("method").asText()).isEqualTo("client_secret");
            assertThat(payload.path("roles").get(0).asText()).isEqualTo("platform-admin");

            ConsumerRecord<String, String> failure = last(records, "FAILED", probe);
            // Unknown subject: keyed by the claimed client id.
            assertThat(failure.key()).isEqualTo(probe);
            JsonNode failed = json.readTree(failure.value());
            assertThat(failed.path("failureReason").asText()).isEqualTo("invalid_client");
            assertThat(failed.path("subject").isNull()).isTrue();
            assertThat(header(failure, "ce_id")).isNotEqualTo(header(success, "ce_id"));
        }
    }

    private ConsumerRecord<String, String> last(List<ConsumerRecord<String, String>> records, String outcome,
                                                String clientId) throws Exception {
        ConsumerRecord<String, String> found = null;
        for (ConsumerRecord<String, String> r : records) {
            JsonNode event = json.readTree(r.value());
            if (outcome.equals(event.path("outcome").asText()) && clientId.equals(event.path("clientId").asText())) {
                found = r;
            }
        }
        assertThat(found).as("a %s sign-in event", outcome).isNotNull();
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

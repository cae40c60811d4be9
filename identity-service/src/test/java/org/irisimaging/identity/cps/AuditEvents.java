package org.irisimaging.identity.cps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the SignInAttempted events published on Kafka, as study-index-service's audit writer would. */
final class AuditEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditEvents() {
    }

    /** Waits for an event of {@code method} with {@code outcome} and {@code reason} (null: none) since {@code since}. */
    static JsonNode await(String method, String outcome, String reason, Instant since) throws Exception {
        try (KafkaCompanion kafka = new KafkaCompanion(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.SIGN_IN_ATTEMPTED);
            List<JsonNode> found = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                found.clear();
                for (ConsumerRecord<String, String> r : consumer.getRecords()) {
                    JsonNode e = JSON.readTree(r.value());
                    if (matches(e, method, outcome, reason, since)) {
                        found.add(e);
                    }
                }
                assertThat(found).as("a %s %s event with reason %s", method, outcome, reason).isNotEmpty();
            });
            consumer.stop();
            return found.getLast();
        }
    }

    private static boolean matches(JsonNode e, String method, String outcome, String reason, Instant since) {
        if (!method.equals(e.path("method").asText()) || !outcome.equals(e.path("outcome").asText())) {
            return false;
        }
        if (reason == null ? !e.path("failureReason").isNull() : !reason.equals(e.path("failureReason").asText())) {
            return false;
        }
        JsonNode at = e.path("occurredAt");
        Instant occurred = at.isNumber() ? Instant.ofEpochMilli((long) (at.asDouble() * 1000)) : Instant.parse(at.asText());
        return !occurred.isBefore(since.minusSeconds(1));
    }
}

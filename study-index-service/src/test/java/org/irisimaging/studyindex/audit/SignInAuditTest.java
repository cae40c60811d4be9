package org.irisimaging.studyindex.audit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** identity-service's sign-in events become audit log lines, exactly once, visible to administrators. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class SignInAuditTest {

    private KafkaCompanion kafka;
    private final String admin = TestTokens.issue("admin-1", "platform-admin");

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aRedeliveredEventIsRecordedOnce() {
        String subject = "user-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        send(eventId, subject, signIn(subject, "SUCCEEDED", null));
        send(eventId, subject, signIn(subject, "SUCCEEDED", null));

        awaitSignIns(subject, 1);
        // Give a duplicate time to show up, then check it did not.
        send(UUID.randomUUID().toString(), subject, signIn(subject, "FAILED", "unknown_user"));
        awaitSignIns(subject, 2);
        given().auth().oauth2(admin).queryParam("subject", subject).get("/api/audit/sign-ins").then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].outcome", equalTo("FAILED"))
                .body("[0].failureReason", equalTo("unknown_user"))
                .body("[1].eventId", equalTo(eventId))
                .body("[1].method", equalTo("otp"))
                .body("[1].remoteAddress", equalTo("192.0.2.10"));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String subject = "user-" + UUID.randomUUID();
        send(UUID.randomUUID().toString(), subject, "{not json");
        send(UUID.randomUUID().toString(), subject, signIn(subject, "SUCCEEDED", null));

        awaitSignIns(subject, 1);
        var dlq = kafka.consumeStrings()
                .fromTopics(Topics.SIGN_IN_ATTEMPTED + ".dlq");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dlq.getRecords()).anyMatch(r -> subject.equals(r.key())));
        dlq.stop();
    }

    @Test
    void onlyPlatformAdministratorsReadTheAuditLog() {
        given().get("/api/audit/sign-ins").then().statusCode(401);
        given().auth().oauth2(TestTokens.issue("doc-1", "practitioner")).get("/api/audit/sign-ins").then()
                .statusCode(403);
        given().auth().oauth2(admin).queryParam("limit", 5000).get("/api/audit/sign-ins").then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private void awaitSignIns(String subject, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin).queryParam("subject", subject).get("/api/audit/sign-ins").then()
                        .statusCode(200).body("size()", equalTo(count)));
    }

    private void send(String eventId, String key, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SIGN_IN_ATTEMPTED, key, payload);
        // CloudEvents Kafka binding, binary content mode: attributes in ce_* headers.
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId);
        header(record, "ce_type", EventTypes.SIGN_IN_ATTEMPTED);
        header(record, "ce_source", "urn:iris:identity-service");
        header(record, "content-type", "application/json");
        kafka.produce(String.class, String.class).fromRecords(List.of(record)).awaitCompletion();
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String signIn(String subject, String outcome, String reason) {
        return """
                {"occurredAt":"2026-11-23T08:00:00Z","subject":"%s","clientId":"portal","method":"otp",
                 "outcome":"%s","failureReason":%s,"roles":["practitioner"],"remoteAddress":"192.0.2.10"}
                """.formatted(subject, outcome, reason == null ? "null" : "\"" + reason + "\"");
    }
}

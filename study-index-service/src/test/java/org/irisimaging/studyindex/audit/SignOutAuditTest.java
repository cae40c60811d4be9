package org.irisimaging.studyindex.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * identity-service's sign-out events (logout, a session signed out from the account screen) become
 * audit lines once, coded as User Authentication / Logout in the DICOM and FHIR exports.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class SignOutAuditTest {

    private final String admin = TestTokens.issue("admin-1", "platform-admin");

    @Test
    void aSignOutIsRecordedOnceAndExportedAsALogout() {
        String subject = "user-" + UUID.randomUUID();
        String sessionId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String payload = """
                {"occurredAt":"2026-12-07T23:00:00Z","subject":"%s","sessionId":"%s",
                 "clients":["iris-portal","iris-viewer"],"reason":"session_signed_out","remoteAddress":"192.0.2.20"}
                """.formatted(subject, sessionId);
        try (KafkaCompanion kafka = new KafkaCompanion(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            send(kafka, eventId, subject, payload);
            send(kafka, eventId, subject, payload);
            send(kafka, UUID.randomUUID().toString(), subject, "{not json");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin).queryParam("subject", subject).get("/api/audit/sign-outs").then()
                        .statusCode(200).body("size()", equalTo(1)));
        Response lines = given().auth().oauth2(admin).queryParam("subject", subject).get("/api/audit/sign-outs");
        lines.then().body("[0].eventId", equalTo(eventId))
                .body("[0].method", equalTo("session_signed_out"))
                .body("[0].clientId", equalTo("iris-portal,iris-viewer"))
                .body("[0].outcome", equalTo("SUCCEEDED"))
                .body("[0].remoteAddress", equalTo("192.0.2.20"));
        // Not a sign-in.
        given().auth().oauth2(admin).queryParam("subject", subject).get("/api/audit/sign-ins").then()
                .statusCode(200).body("size()", equalTo(0));

        long id = QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>find("eventId", eventId).firstResult().id);
        String xml = given().auth().oauth2(admin).accept("application/xml").get("/api/audit/events/" + id)
                .then().statusCode(200).extract().asString();
        assertThat(xml).contains("csd-code=\"110114\"").contains("csd-code=\"110123\"").contains(subject);
        given().auth().oauth2(admin).accept(FhirAuditEvents.MEDIA_TYPE).get("/api/audit/events/" + id).then()
                .statusCode(200)
                .body("subtype[0].code", equalTo("110123"))
                .body("subtype[0].display", equalTo("Logout"));
        given().auth().oauth2(TestTokens.issue("doc-1", "practitioner")).get("/api/audit/sign-outs").then()
                .statusCode(403);
    }

    private static void send(KafkaCompanion kafka, String eventId, String key, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SIGNED_OUT, key, payload);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId);
        header(record, "ce_type", EventTypes.SIGNED_OUT);
        header(record, "ce_source", "urn:iris:identity-service");
        header(record, "content-type", "application/json");
        kafka.produce(String.class, String.class).fromRecords(List.of(record)).awaitCompletion();
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

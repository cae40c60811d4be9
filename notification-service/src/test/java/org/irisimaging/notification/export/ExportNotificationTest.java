package org.irisimaging.notification.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export.ready} reaches the requester: an e-mail through real SMTP (GreenMail), in French by
 * default and in English when asked, with the download link and the expiry and without patient
 * data, and an in-app notification with the link; a redelivered event notifies once.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class ExportNotificationTest {

    private static KafkaCompanion kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void theRequesterIsMailedInFrenchByDefaultWithTheLinkAndTheExpiry() throws Exception {
        String subject = "martin-" + UUID.randomUUID();
        String email = subject + "@example.org";
        String jobId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        ready(eventId, jobId, subject, email, null, "READY");

        MimeMessage mail = awaitMail(email);
        assertThat(mail.getSubject()).isEqualTo("Votre export DICOM est prêt");
        String body = text(mail);
        assertThat(body).contains("https://iris.test/api/exports/" + jobId + "/archive")
                .contains("3 fichiers DICOM").contains("examen du 14 mars 2026")
                // 2026-11-26T07:00Z in Paris (winter time)
                .contains("26 novembre 2026 à 08:00");
        assertThat(body).doesNotContain("DOE").doesNotContain("19700101");

        Response inbox = awaitInbox(subject);
        assertThat(inbox.jsonPath().getList("kind")).containsExactly("export-ready");
        assertThat(inbox.jsonPath().getString("[0].title")).isEqualTo("Export DICOM prêt");
        assertThat(inbox.jsonPath().getString("[0].link")).isEqualTo("https://iris.test/api/exports/" + jobId + "/archive");

        // redelivered: nothing more
        ready(eventId, jobId, subject, email, null, "READY");
        String marker = "marker-" + UUID.randomUUID();
        ready(UUID.randomUUID().toString(), UUID.randomUUID().toString(), marker, marker + "@example.org", "fr",
                "READY");
        awaitMail(marker + "@example.org");
        awaitInbox(marker); // consumed after the redelivery
        assertThat(mailsTo(email)).as("one e-mail").hasSize(1);
        assertThat(given().auth().oauth2(TestTokens.issue(subject, "practitioner")).get("/api/notifications")
                .jsonPath().getList("id")).hasSize(1);
    }

    @Test
    void englishWhenTheRequestSaidSoAndAFailureIsReportedToo() throws Exception {
        String subject = "smith-" + UUID.randomUUID();
        String email = subject + "@example.org";
        String jobId = UUID.randomUUID().toString();
        ready(UUID.randomUUID().toString(), jobId, subject, email, "en", "READY");

        MimeMessage mail = awaitMail(email);
        assertThat(mail.getSubject()).isEqualTo("Your DICOM export is ready");
        assertThat(text(mail)).contains("https://iris.test/api/exports/" + jobId + "/archive")
                .contains("3 DICOM files").contains("study of 14 March 2026").contains("26 November 2026 at 08:00")
                .doesNotContain("Bonjour");

        String failedSubject = "jones-" + UUID.randomUUID();
        ready(UUID.randomUUID().toString(), UUID.randomUUID().toString(), failedSubject,
                failedSubject + "@example.org", "en", "FAILED");
        MimeMessage failed = awaitMail(failedSubject + "@example.org");
        assertThat(failed.getSubject()).isEqualTo("Your DICOM export failed");
        assertThat(text(failed)).doesNotContain("/archive");
        Response inbox = awaitInbox(failedSubject);
        assertThat(inbox.jsonPath().getList("kind")).containsExactly("export-failed");
        assertThat(inbox.jsonPath().getString("[0].link")).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private static void ready(String eventId, String jobId, String subject, String email, String locale,
                              String outcome) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode()
                .put("jobId", jobId).put("studyInstanceUID", "1.2.3.4").put("studyDate", "20260314")
                .put("requesterSubject", subject).put("requesterEmail", email).put("locale", locale)
                .put("outcome", outcome).put("completedAt", "2026-11-23T07:00:00Z");
        if (outcome.equals("READY")) {
            payload.put("blobKey", "exports/" + jobId + ".zip").put("sizeBytes", 98765).put("instanceCount", 3)
                    .put("expiresAt", "2026-11-26T07:00:00Z");
        } else {
            payload.put("sizeBytes", 0).put("instanceCount", 0).put("failureReason", "a stored file is missing");
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.EXPORT_READY, "1.2.3.4", payload.toString());
        for (var h : Map.of("ce_specversion", "1.0", "ce_id", eventId, "ce_type", EventTypes.EXPORT_READY,
                "ce_source", "urn:iris:transcode-worker", "content-type", "application/json").entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        kafka.produce(String.class, String.class).fromRecords(List.of(record)).awaitCompletion();
    }

    /** The inbox once it has something: the e-mail is handed over just before the notification commits. */
    private static Response awaitInbox(String subject) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !given().auth()
                .oauth2(TestTokens.issue(subject, "practitioner")).get("/api/notifications").jsonPath().getList("id")
                .isEmpty());
        return given().auth().oauth2(TestTokens.issue(subject, "practitioner")).get("/api/notifications");
    }

    private static MimeMessage awaitMail(String to) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(to).isEmpty());
        return mailsTo(to).get(0);
    }

    private static List<MimeMessage> mailsTo(String to) {
        return Arrays.stream(SmtpSinkResource.sink().receivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String text(MimeMessage mail) throws Exception {
        Object content = mail.getContent();
        if (content instanceof String s) {
            return s;
        }
        var multipart = (jakarta.mail.Multipart) content;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < multipart.getCount(); i++) {
            text.append(multipart.getBodyPart(i).getContent());
        }
        return text.toString();
    }
}

package org.irisimaging.studyindex.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.Topics;
import org.irisimaging.studyindex.Samples;
import org.irisimaging.studyindex.audit.AccessAction;
import org.irisimaging.studyindex.audit.DataAccessed;
import org.irisimaging.studyindex.availability.Renditions;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.setReferringPhysicianIds;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.GATEWAY;
import static org.irisimaging.studyindex.StudyIndexApi.problem;
import static org.irisimaging.studyindex.StudyIndexApi.registerNew;

/**
 * Export jobs: only what the caller may see can be exported (404 otherwise, like an unknown study),
 * the job and its {@code export.requested} are committed together and list the blob to package
 * (rendition, else original), a job is its requester's alone, {@code export.ready} makes it READY or
 * FAILED once, and an expired package answers 410. Every request and download authorisation is
 * raised at the audit seam.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Random RANDOM = new Random();
    private static final String DR_MARTIN = "8" + String.format("%011d", RANDOM.nextLong(100_000_000_000L));
    private static final String MARTIN = "martin-" + UUID.randomUUID();
    private static final String COLLEAGUE = "colleague-" + UUID.randomUUID();
    private static final String PRESCRIBER_TOKEN = TestTokens.issue(MARTIN,
            Map.of("idnat_ps", DR_MARTIN, "email", "martin@example.org"), "practitioner");
    private static final String COLLEAGUE_TOKEN = TestTokens.issue(COLLEAGUE,
            Map.of("idnat_ps", "8" + String.format("%011d", RANDOM.nextLong(100_000_000_000L))), "practitioner");

    private static KafkaCompanion kafka;
    private static ConsumerTask<String, String> requested;

    @Inject
    DataSource dataSource;
    @Inject
    Renditions renditions;
    @Inject
    RecordedAccesses accesses;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        requested = kafka.consumeStrings().fromTopics(Topics.EXPORT_REQUESTED);
    }

    @AfterAll
    static void close() {
        requested.stop();
        kafka.close();
    }

    /** A study Dr Martin prescribed: two series, three instances; the first one rendered. */
    private record Study(String uid, String series1, String series2, String sop1, String sop2, String sop3) {
    }

    private Study prescribedStudy() throws Exception {
        Study s = new Study(uid(), uid(), uid(), uid(), uid(), uid());
        ObjectNode i1 = withUids(Samples.dataset(Samples.CT_SMALL), s.uid, s.series1, s.sop1);
        ObjectNode i2 = withUids(Samples.dataset(Samples.CT_SMALL), s.uid, s.series1, s.sop2);
        Samples.set(i2, "00200013", "IS", 2);
        ObjectNode i3 = withUids(Samples.dataset(Samples.MR_SMALL), s.uid, s.series2, s.sop3);
        Samples.set(i3, "00200011", "IS", 2);
        for (ObjectNode ds : List.of(i1, i2, i3)) {
            Samples.patient(ds, "EXP-" + s.uid);
            setReferringPhysicianIds(ds, "RPPS", DR_MARTIN.substring(1));
            Samples.set(ds, "00080020", "DA", "20260314");
            registerNew(ds);
        }
        renditions.apply(new InstanceRendered(s.uid, s.series1, s.sop1,
                Samples.request(i1).path("blob").path("sha256").asText(), InstanceRendered.Outcome.LOSSLESS,
                "renditions/" + s.uid + "/" + s.series1 + "/" + s.sop1 + ".dcm", "1.2.840.10008.1.2.4.70", 4321, 1,
                null, Instant.now()));
        return s;
    }

    @Test
    void theRequesterGetsA202AndTheJobAndItsEventAreCommittedTogether() throws Exception {
        Study s = prescribedStudy();

        Response accepted = export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid, "locale", "en"));
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).endsWith("/api/exports/" + id);
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("REQUESTED");
        assertThat(accepted.jsonPath().getInt("instanceCount")).isEqualTo(3);

        JsonNode event = awaitRequested(id);
        assertThat(event.path("studyInstanceUID").asText()).isEqualTo(s.uid);
        assertThat(event.path("requesterSubject").asText()).isEqualTo(MARTIN);
        assertThat(event.path("requesterEmail").asText()).isEqualTo("martin@example.org");
        assertThat(event.path("locale").asText()).isEqualTo("en");
        assertThat(event.path("studyDate").asText()).isEqualTo("20260314");
        assertThat(event.path("instances").findValuesAsText("sopInstanceUID")).containsExactly(s.sop1, s.sop2, s.sop3);
        assertThat(event.path("instances").findValuesAsText("blobKey")).as("rendition, else original").containsExactly(
                "renditions/" + s.uid + "/" + s.series1 + "/" + s.sop1 + ".dcm",
                "instances/" + s.uid + "/" + s.series1 + "/" + s.sop2 + ".dcm",
                "instances/" + s.uid + "/" + s.series2 + "/" + s.sop3 + ".dcm");
        assertThat(event.path("instances").get(0).path("sizeBytes").asLong()).isEqualTo(4321);
        assertThat(jobRows(s.uid)).isEqualTo(1);

        // the status is the requester's alone
        given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + id).then().statusCode(200);
        Response other = given().auth().oauth2(COLLEAGUE_TOKEN).get("/api/exports/" + id);
        Response unknown = given().auth().oauth2(COLLEAGUE_TOKEN).get("/api/exports/" + UUID.randomUUID());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(problem(other)).isEqualTo(problem(unknown));
        given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/not-a-uuid").then().statusCode(404);

        assertThat(accesses.of(MARTIN)).anyMatch(a -> a.action() == AccessAction.EXPORT && a.succeeded()
                && s.uid.equals(a.studyInstanceUID()) && "POST /api/exports".equals(a.how().endpoint()));
        assertThat(auditLines(s.uid, "export", "SUCCEEDED")).as("written by the audit log with the job").isEqualTo(1);
    }

    @Test
    void aSelectionTakesTheListedSeriesAndInstances() throws Exception {
        Study s = prescribedStudy();
        Response accepted = export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid,
                "seriesInstanceUIDs", List.of(s.series2), "sopInstanceUIDs", List.of(s.sop2)));
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode event = awaitRequested(accepted.jsonPath().getString("id"));
        assertThat(event.path("instances").findValuesAsText("sopInstanceUID")).containsExactly(s.sop2, s.sop3);
        assertThat(event.path("locale").asText()).as("French by default").isEqualTo("fr");
    }

    @Test
    void whatTheCallerMayNotSeeIsA404LikeWhatDoesNotExistAndWritesNothing() throws Exception {
        Study s = prescribedStudy();

        Response notTheirs = export(COLLEAGUE_TOKEN, Map.of("studyInstanceUID", s.uid));
        Response absent = export(COLLEAGUE_TOKEN, Map.of("studyInstanceUID", uid()));
        assertThat(notTheirs.statusCode()).isEqualTo(404);
        assertThat(problem(notTheirs)).isEqualTo(problem(absent));
        // a selection naming what the study does not hold
        assertThat(export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid, "seriesInstanceUIDs", List.of(uid())))
                .statusCode()).isEqualTo(404);
        assertThat(export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid, "sopInstanceUIDs", List.of(s.sop1, uid())))
                .statusCode()).isEqualTo(404);
        assertThat(jobRows(s.uid)).as("no job, no event").isZero();

        // a sending system's token reads nothing, exports nothing
        given().auth().oauth2(GATEWAY).contentType("application/json")
                .body(JSON.writeValueAsString(Map.of("studyInstanceUID", s.uid))).post("/api/exports")
                .then().statusCode(403);
        given().contentType("application/json").body("{}").post("/api/exports").then().statusCode(401);
        assertThat(jobRows(s.uid)).isZero();

        Response badLocale = export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid, "locale", "de"));
        assertThat(badLocale.statusCode()).isEqualTo(400);
        assertThat(badLocale.contentType()).startsWith("application/problem+json");
        assertThat(export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", "not a uid")).statusCode()).isEqualTo(400);

        assertThat(auditLines(s.uid, "export", "FAILED")).isPositive();
        assertThat(auditLines(s.uid, "export", "SUCCEEDED")).isZero();
        List<DataAccessed> refused = accesses.of(COLLEAGUE).stream()
                .filter(a -> a.action() == AccessAction.EXPORT && !a.succeeded()).toList();
        assertThat(refused).extracting(DataAccessed::studyInstanceUID).contains(s.uid);
    }

    @Test
    void exportReadyMakesTheJobDownloadableByItsRequesterOnlyUntilItExpires() throws Exception {
        Study s = prescribedStudy();
        String id = export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid)).jsonPath().getString("id");
        given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + id + "/archive-location").then().statusCode(404);

        Instant expiresAt = Instant.now().plus(Duration.ofHours(72)).truncatedTo(ChronoUnit.MILLIS);
        String eventId = UUID.randomUUID().toString();
        ready(eventId, id, s.uid, "READY", expiresAt);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                "READY".equals(given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + id).jsonPath().getString("status")));
        Response status = given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + id);
        assertThat(status.jsonPath().getLong("sizeBytes")).isEqualTo(98765);
        assertThat(Instant.parse(status.jsonPath().getString("expiresAt"))).isEqualTo(expiresAt);
        assertThat(status.jsonPath().getString("archive")).isEqualTo("/api/exports/" + id + "/archive");

        // as the gateway asks: the public endpoint and the caller's address go to the audit seam
        Response location = given().auth().oauth2(PRESCRIBER_TOKEN)
                .header("X-Iris-Gateway-Token", TestTokens.issue("dicomweb-gateway", "ingest"))
                .header("X-Iris-Endpoint", "GET /api/exports/" + id + "/archive")
                .header("X-Forwarded-For", "203.0.113.7").get("/api/exports/" + id + "/archive-location");
        assertThat(location.statusCode()).isEqualTo(200);
        assertThat(accesses.of(MARTIN)).anyMatch(a -> a.action() == AccessAction.DOWNLOAD && a.succeeded()
                && s.uid.equals(a.studyInstanceUID())
                && a.how().endpoint().equals("GET /api/exports/" + id + "/archive")
                && "203.0.113.7".equals(a.how().remoteAddress()));
        assertThat(location.jsonPath().getString("blobKey")).isEqualTo("exports/" + id + ".zip");
        given().auth().oauth2(COLLEAGUE_TOKEN).get("/api/exports/" + id + "/archive-location").then().statusCode(404);
        given().auth().oauth2(GATEWAY).get("/api/exports/" + id + "/archive-location").then().statusCode(403);

        // a redelivery, or a late contradicting outcome, changes nothing
        ready(eventId, id, s.uid, "FAILED", null);
        ready(UUID.randomUUID().toString(), id, s.uid, "FAILED", null);
        String failedId = export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid)).jsonPath().getString("id");
        ready(UUID.randomUUID().toString(), failedId, s.uid, "FAILED", null);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(
                given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + failedId).jsonPath().getString("status")));
        assertThat(given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + id).jsonPath().getString("status"))
                .as("consumed after the duplicates, still READY").isEqualTo("READY");
        given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + failedId + "/archive-location").then()
                .statusCode(404);

        // expired: 410 Gone, and the status says so
        String expiredId = export(PRESCRIBER_TOKEN, Map.of("studyInstanceUID", s.uid)).jsonPath().getString("id");
        ready(UUID.randomUUID().toString(), expiredId, s.uid, "READY", Instant.now().minusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(
                given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + expiredId).jsonPath().getString("status")));
        Response gone = given().auth().oauth2(PRESCRIBER_TOKEN).get("/api/exports/" + expiredId + "/archive-location");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.jsonPath().getString("type")).isEqualTo("urn:iris:problem:export-expired");
        given().auth().oauth2(COLLEAGUE_TOKEN).get("/api/exports/" + expiredId + "/archive-location").then()
                .statusCode(404);

        List<DataAccessed> downloads = accesses.of(MARTIN).stream()
                .filter(a -> a.action() == AccessAction.DOWNLOAD && s.uid.equals(a.studyInstanceUID())).toList();
        assertThat(downloads).extracting(DataAccessed::succeeded).contains(true, false);
        assertThat(accesses.of(COLLEAGUE)).anyMatch(a -> a.action() == AccessAction.DOWNLOAD && !a.succeeded()
                && a.studyInstanceUID() == null);
    }

    @Test
    void theListHoldsTheCallersOwnExportsNewestFirstAndNobodyElses() throws Exception {
        Study s = prescribedStudy();
        // another account of the same practitioner (same idnat_ps): jobs belong to the account
        String lister = "lister-" + UUID.randomUUID();
        String listerToken = TestTokens.issue(lister, Map.of("idnat_ps", DR_MARTIN), "practitioner");
        String ready = export(listerToken, Map.of("studyInstanceUID", s.uid)).jsonPath().getString("id");
        String failed = export(listerToken, Map.of("studyInstanceUID", s.uid, "seriesInstanceUIDs", List.of(s.series2)))
                .jsonPath().getString("id");
        String expired = export(listerToken, Map.of("studyInstanceUID", s.uid)).jsonPath().getString("id");
        String requested = export(listerToken, Map.of("studyInstanceUID", s.uid, "sopInstanceUIDs", List.of(s.sop1)))
                .jsonPath().getString("id");
        Instant expiresAt = Instant.now().plus(Duration.ofHours(72)).truncatedTo(ChronoUnit.MILLIS);
        ready(UUID.randomUUID().toString(), ready, s.uid, "READY", expiresAt);
        ready(UUID.randomUUID().toString(), failed, s.uid, "FAILED", null);
        ready(UUID.randomUUID().toString(), expired, s.uid, "READY", Instant.now().minusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(
                given().auth().oauth2(listerToken).get("/api/exports/" + expired).jsonPath().getString("status"))
                && "FAILED".equals(given().auth().oauth2(listerToken).get("/api/exports/" + failed).jsonPath()
                .getString("status")) && "READY".equals(given().auth().oauth2(listerToken).get("/api/exports/" + ready)
                .jsonPath().getString("status")));
        int auditedBefore = accesses.of(lister).size();

        Response list = given().auth().oauth2(listerToken).get("/api/exports");
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(200);
        assertThat(list.jsonPath().getInt("total")).isEqualTo(4);
        assertThat(list.jsonPath().getInt("limit")).isEqualTo(20);
        assertThat(list.jsonPath().getList("exports.id")).containsExactly(requested, expired, failed, ready);
        assertThat(list.jsonPath().getList("exports.status")).containsExactly("REQUESTED", "EXPIRED", "FAILED", "READY");
        Map<String, Object> readyRow = list.jsonPath().getMap("exports[3]");
        // each row as GET /api/exports/{id} gives it
        Map<String, Object> status = given().auth().oauth2(listerToken).get("/api/exports/" + ready).jsonPath().getMap("");
        assertThat(readyRow).isEqualTo(status).containsEntry("archive", "/api/exports/" + ready + "/archive")
                .containsEntry("sizeBytes", 98765).containsEntry("studyInstanceUID", s.uid)
                .containsEntry("instanceCount", 3).containsKeys("requestedAt", "completedAt")
                .doesNotContainKeys("requester", "blobKey");
        assertThat(Instant.parse((String) readyRow.get("expiresAt"))).isEqualTo(expiresAt);
        assertThat(list.jsonPath().getMap("exports[0]")).containsEntry("instanceCount", 1)
                .containsEntry("archive", null).containsEntry("sizeBytes", null);
        assertThat(list.jsonPath().getString("exports[2].failureReason")).isEqualTo("a stored file is missing");
        assertThat(list.asString()).as("no patient data in the list").doesNotContain("EXP-" + s.uid);
        assertThat(accesses.of(lister)).as("reading one's own list is not a data access").hasSize(auditedBefore);

        // pages
        Response first = given().auth().oauth2(listerToken).get("/api/exports?limit=2");
        assertThat(first.jsonPath().getList("exports.id")).containsExactly(requested, expired);
        assertThat(first.jsonPath().getInt("total")).isEqualTo(4);
        assertThat(given().auth().oauth2(listerToken).get("/api/exports?limit=2&offset=2").jsonPath()
                .getList("exports.id")).containsExactly(failed, ready);
        Response past = given().auth().oauth2(listerToken).get("/api/exports?offset=10");
        assertThat(past.jsonPath().getList("exports")).isEmpty();
        assertThat(past.jsonPath().getInt("total")).isEqualTo(4);
        for (String bad : List.of("?limit=0", "?limit=101", "?offset=-1", "?limit=abc", "?offset=1.5",
                "?limit=99999999999", "?limit=1%26requester%3Dmartin")) {
            Response r = given().urlEncodingEnabled(false).auth().oauth2(listerToken).get("/api/exports" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).isEqualTo("urn:iris:problem:invalid-query-parameter");
        }
        given().auth().oauth2(listerToken).get("/api/exports?limit=100").then().statusCode(200);

        // nobody else sees them: not the same practitioner's other account, not a colleague, not a guest
        List<String> mine = List.of(ready, failed, expired, requested);
        for (String other : List.of(PRESCRIBER_TOKEN, COLLEAGUE_TOKEN)) {
            assertThat(given().auth().oauth2(other).get("/api/exports?limit=100").jsonPath().getList("exports.id"))
                    .doesNotContainAnyElementsOf(mine);
        }
        String guest = "guest-" + UUID.randomUUID();
        String guestToken = TestTokens.issue(guest, "guest");
        Response none = given().auth().oauth2(guestToken).get("/api/exports");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.jsonPath().getInt("total")).isZero();
        // a guest's own job (as a future access path would create it) is theirs alone
        UUID guestJob = UUID.randomUUID();
        try (var c = dataSource.getConnection(); var insert = c.prepareStatement("""
                insert into export_job (id, requester, locale, study_id, study_instance_uid, instance_count)
                select ?, ?, 'fr', id, study_instance_uid, 3 from study where study_instance_uid = ?""")) {
            insert.setObject(1, guestJob);
            insert.setString(2, guest);
            insert.setString(3, s.uid);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        assertThat(given().auth().oauth2(guestToken).get("/api/exports").jsonPath().getList("exports.id"))
                .containsExactly(guestJob.toString());
        assertThat(given().auth().oauth2(listerToken).get("/api/exports").jsonPath().getList("exports.id"))
                .doesNotContain(guestJob.toString()).hasSize(4);
        given().get("/api/exports").then().statusCode(401);
        given().auth().oauth2(GATEWAY).get("/api/exports").then().statusCode(403);
    }

    // ------------------------------------------------------------------ helpers

    private static Response export(String token, Map<String, ?> body) throws Exception {
        return given().auth().oauth2(token).contentType("application/json").body(JSON.writeValueAsString(body))
                .post("/api/exports");
    }

    private static JsonNode awaitRequested(String jobId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requestedEvent(jobId) != null);
        return requestedEvent(jobId);
    }

    private static JsonNode requestedEvent(String jobId) {
        for (ConsumerRecord<String, String> r : requested.getRecords()) {
            if (r.value().contains(jobId)) {
                assertThat(new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                        .isEqualTo(EventTypes.EXPORT_REQUESTED);
                try {
                    return JSON.readTree(r.value());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    private int jobRows(String study) throws Exception {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("select count(*) from export_job where study_instance_uid = ?")) {
            s.setString(1, study);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int auditLines(String study, String action, String outcome) throws Exception {
        try (var c = dataSource.getConnection(); var s = c.prepareStatement(
                "select count(*) from audit_event where study_instance_uid = ? and action = ? and outcome = ?")) {
            s.setString(1, study);
            s.setString(2, action);
            s.setString(3, outcome);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void ready(String eventId, String jobId, String study, String outcome, Instant expiresAt) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode()
                .put("jobId", jobId).put("studyInstanceUID", study).put("studyDate", "20260314")
                .put("requesterSubject", MARTIN).put("requesterEmail", "martin@example.org").put("locale", "fr")
                .put("outcome", outcome).put("completedAt", Instant.now().toString());
        if (outcome.equals("READY")) {
            payload.put("blobKey", "exports/" + jobId + ".zip").put("sizeBytes", 98765).put("instanceCount", 3)
                    .put("expiresAt", expiresAt.toString());
        } else {
            payload.put("failureReason", "a stored file is missing").put("sizeBytes", 0).put("instanceCount", 0);
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.EXPORT_READY, study, payload.toString());
        for (var h : Map.of("ce_specversion", "1.0", "ce_id", eventId, "ce_type", EventTypes.EXPORT_READY,
                "ce_source", "urn:iris:transcode-worker", "content-type", "application/json").entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        kafka.produce(String.class, String.class).fromRecords(List.of(record)).awaitCompletion();
    }
}

package org.irisimaging.studyindex.administration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.studyindex.Samples;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.request;
import static org.irisimaging.studyindex.Samples.setReferringPhysicianIds;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.GATEWAY;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/**
 * What registration refuses to change, changed on purpose by a platform administrator (ADR 0018):
 * a study's patient and its prescribers, each with a reason, each audited; nobody else may.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class StudyAdministrationTest {

    private static final String DR_A = "810000000101";
    private static final String DR_B = "810000000102";

    @Inject
    DataSource dataSource;

    private record Study(String uid, String patientId, ObjectNode dataset) {
    }

    private static Study study() {
        String patientId = "ADM-" + UUID.randomUUID();
        ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid());
        Samples.set(ds, "00100020", "LO", patientId);
        setReferringPhysicianIds(ds, "IDNPS", DR_A, "IDNPS", DR_B);
        assertThat(register(request(ds)).statusCode()).isEqualTo(201);
        return new Study(ds.path("0020000D").path("Value").path(0).asText(), patientId, ds);
    }

    @Test
    void aPlatformAdministratorReassignsTheStudysPatientAndItIsAudited() throws Exception {
        Study study = study();
        String corrected = "RIGHT-" + UUID.randomUUID();
        Response answer = given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("patientId", corrected, "issuerOfPatientId", "HOSP-A",
                        "reason", "identity vigilance ticket 42"))
                .put("/api/admin/studies/" + study.uid + "/patient");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("patientId")).isEqualTo(corrected);
        assertThat(answer.jsonPath().getString("source")).isEqualTo("STORESCU");

        // what QIDO-RS and WADO-RS metadata serve
        assertThat(scalar("select patient_id || '^^^' || issuer_of_patient_id || ' ' || (attributes -> '00100020' -> 'Value' ->> 0)"
                + " from study where study_instance_uid = ?", study.uid)).isEqualTo(corrected + "^^^HOSP-A " + corrected);
        assertThat(scalar("select string_agg(metadata -> '00100020' -> 'Value' ->> 0 || '^^^'"
                + " || (metadata -> '00100021' -> 'Value' ->> 0), ',') from instance where study_id ="
                + " (select id from study where study_instance_uid = ?)", study.uid)).isEqualTo(corrected + "^^^HOSP-A");
        JsonPath metadata = given().auth().oauth2(ADMIN).get("/dicomweb/studies/" + study.uid + "/metadata").jsonPath();
        assertThat(metadata.getString("[0].00100020.Value[0]")).isEqualTo(corrected);

        // the source must now send the right patient; the old one is a mismatch
        ObjectNode old = withUids(study.dataset.deepCopy(), study.uid, uid(), uid());
        assertThat(register(request(old)).jsonPath().getString("type")).isEqualTo("urn:iris:problem:patient-mismatch");
        ObjectNode right = withUids(study.dataset.deepCopy(), study.uid, uid(), uid());
        Samples.set(right, "00100020", "LO", corrected);
        Samples.set(right, "00100021", "LO", "HOSP-A");
        assertThat(register(request(right)).statusCode()).isEqualTo(201);

        List<Map<String, Object>> lines = given().auth().oauth2(ADMIN).get("/api/audit/accesses?study=" + study.uid)
                .jsonPath().getList("findAll { it.action == 'patient-reassigned' }");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).containsEntry("actor", "admin-1").containsEntry("outcome", "SUCCEEDED")
                .containsEntry("patientId", corrected).containsEntry("issuerOfPatientId", "HOSP-A");
        assertThat((String) lines.get(0).get("detail")).contains(study.patientId, corrected + "^^^HOSP-A",
                "identity vigilance ticket 42");
        // and in the standard exports: FHIR AuditEvent and DICOM audit message (PS3.15 A.5)
        String event = "/api/audit/events/" + lines.get(0).get("id");
        Response fhir = given().auth().oauth2(ADMIN).accept("application/fhir+json").get(event);
        assertThat(fhir.statusCode()).as(fhir.asString()).isEqualTo(200);
        assertThat(fhir.jsonPath().getString("type.code")).isEqualTo("110110");
        assertThat(fhir.jsonPath().getString("action")).isEqualTo("U");
        Response xml = given().auth().oauth2(ADMIN).accept("application/xml").get(event);
        assertThat(xml.statusCode()).as(xml.asString()).isEqualTo(200);
        assertThat(xml.asString()).contains("csd-code=\"110110\"");
    }

    @Test
    void aPlatformAdministratorRemovesAPrescriberForGoodAndItIsAudited() throws Exception {
        Study study = study();
        Response answer = given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("idNatPs", DR_B, "reason", "not the prescriber"))
                .post("/api/admin/studies/" + study.uid + "/referral-removals");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getList("referringPhysicianIds")).containsExactly(DR_A);

        ObjectNode again = withUids(study.dataset.deepCopy(), study.uid, uid(), uid());
        assertThat(register(request(again)).statusCode()).isEqualTo(201);
        assertThat(scalar("select referring_physician_ids::text from study where study_instance_uid = ?", study.uid))
                .as("a later instance naming the removed prescriber does not bring them back").isEqualTo("{" + DR_A + "}");
        assertThat(scalar("select actor || ' ' || outcome || ' ' || detail from audit_event"
                + " where action = 'referral-removed' and study_instance_uid = ?", study.uid))
                .isEqualTo("admin-1 SUCCEEDED prescriber " + DR_B + "; reason: not the prescriber");
    }

    @Test
    void onlyPlatformAdministratorsCorrectAndOnlyWithAReason() throws Exception {
        Study study = study();
        String path = "/api/admin/studies/" + study.uid;
        Map<String, String> reassign = Map.of("patientId", "X-" + UUID.randomUUID(), "reason", "because");
        for (String token : List.of(GATEWAY, TestTokens.issue("dr", Map.of("idnat_ps", DR_A), "practitioner"),
                TestTokens.issue("site", Map.of("establishments", List.of("750000001")), "site-admin"))) {
            given().auth().oauth2(token).contentType("application/json").body(reassign).put(path + "/patient")
                    .then().statusCode(403);
            given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("idNatPs", DR_A, "reason", "because")).post(path + "/referral-removals")
                    .then().statusCode(403);
        }
        given().contentType("application/json").body(reassign).put(path + "/patient").then().statusCode(401);
        given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of("patientId", "X"))
                .put(path + "/patient").then().statusCode(400);
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("patientId", "A\\B", "reason", "multi-valued")).put(path + "/patient").then().statusCode(400);
        given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of("idNatPs", DR_A, "reason", " "))
                .post(path + "/referral-removals").then().statusCode(400);
        given().auth().oauth2(ADMIN).contentType("application/json").body(reassign)
                .put("/api/admin/studies/" + uid() + "/patient").then().statusCode(404);
        given().auth().oauth2(ADMIN).contentType("application/json").body(reassign)
                .put("/api/admin/studies/not-a-uid/patient").then().statusCode(400);

        assertThat(scalar("select patient_id from study where study_instance_uid = ?", study.uid)).isEqualTo(study.patientId);
        assertThat(scalar("select referring_physician_ids::text from study where study_instance_uid = ?", study.uid))
                .isEqualTo("{" + DR_A + "," + DR_B + "}");
        assertThat(scalar("select count(*)::text from audit_event where study_instance_uid = ?"
                + " and action in ('patient-reassigned', 'referral-removed')", study.uid)).isEqualTo("0");
        given().auth().oauth2(ADMIN).get(path).then().statusCode(200);
    }

    private String scalar(String sql, String... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

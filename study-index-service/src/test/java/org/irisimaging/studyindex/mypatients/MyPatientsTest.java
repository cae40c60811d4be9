package org.irisimaging.studyindex.mypatients;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.irisimaging.studyindex.Samples;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.set;
import static org.irisimaging.studyindex.Samples.setName;
import static org.irisimaging.studyindex.Samples.setReferringPhysicianIds;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.firstValues;
import static org.irisimaging.studyindex.StudyIndexApi.registerNew;

/**
 * My patients: the prescriber's list, one line per patient with a study they prescribed, the
 * latest first, with what is still unread; opening a study (its metadata) marks it read.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class MyPatientsTest {

    private static final Random RANDOM = new Random();

    private static String idNatPs() {
        return "8" + String.format("%011d", RANDOM.nextLong(100_000_000_000L));
    }

    @Test
    void thePrescribersPatientsLatestFirstWithWhatIsUnread() {
        String run = "MP" + Integer.toString(RANDOM.nextInt(1 << 30), 36).toUpperCase();
        String doctor = idNatPs();
        String otherDoctor = idNatPs();
        String prescriber = TestTokens.issue("doc-" + run, Map.of("idnat_ps", doctor,
                "establishments", List.of("750000001"), "preferred_username", "claire"), "practitioner");
        String colleague = TestTokens.issue("colleague-" + run, Map.of("idnat_ps", otherDoctor), "practitioner");

        // Patient A: a CT (2023) and an MR (2024) she prescribed, and a later study another doctor prescribed.
        String a1 = study(run + "-A", "Petit^Louise", "19600101", Samples.CT_SMALL, "20230110", "CT thorax",
                "IDNPS", doctor);
        String a2 = study(run + "-A", "Petit^Louise", "19600101", Samples.MR_SMALL, "20240505", "IRM genou",
                "RPPS", doctor.substring(1));
        study(run + "-A", "Petit^Louise", "19600101", Samples.CT_SMALL, "20250101", "CT abdomen", "IDNPS", otherDoctor);
        // Patient B: one study she prescribed; patient C: none.
        String b1 = study(run + "-B", "Roux^Marc", "19751231", Samples.CT_SMALL, "20240101", "Radio poumons",
                "IDNPS", doctor);
        study(run + "-C", "Faure^Nina", "19900202", Samples.CT_SMALL, "20240606", "CT sinus", "IDNPS", otherDoctor);

        JsonPath list = myPatients(prescriber, "");
        assertThat(list.getInt("total")).isEqualTo(2);
        assertThat(list.getList("patients.patientID")).containsExactly(run + "-A", run + "-B");
        Map<String, Object> a = list.getMap("patients[0]");
        assertThat(a).containsEntry("patientName", "Petit^Louise").containsEntry("patientBirthDate", "1960-01-01")
                .containsEntry("latestStudyInstanceUID", a2).containsEntry("latestStudyDate", "2024-05-05")
                .containsEntry("modalitiesInStudy", List.of("MR")).containsEntry("studyDescription", "IRM genou")
                .containsEntry("studies", 2).containsEntry("unreadStudies", 2).containsEntry("unread", true);
        assertThat(list.getMap("patients[1]")).containsEntry("patientName", "Roux^Marc")
                .containsEntry("latestStudyInstanceUID", b1).containsEntry("studies", 1).containsEntry("unread", true);

        // opening a study = retrieving its metadata (any level), as a viewer does
        given().auth().oauth2(prescriber).get("/dicomweb/studies/" + a2 + "/metadata").then().statusCode(200);
        assertThat(myPatients(prescriber, "").getMap("patients[0]")).containsEntry("unreadStudies", 1)
                .containsEntry("unread", true);
        String seriesA1 = firstValues(given().auth().oauth2(prescriber).get("/dicomweb/studies/" + a1 + "/series"),
                "0020000E").getFirst();
        given().auth().oauth2(prescriber).get("/dicomweb/studies/" + a1 + "/series/" + seriesA1 + "/metadata").then()
                .statusCode(200);
        // someone else opening B changes nothing for her
        given().auth().oauth2(ADMIN).get("/dicomweb/studies/" + b1 + "/metadata").then().statusCode(200);
        given().auth().oauth2(colleague).get("/dicomweb/studies/" + b1 + "/metadata").then().statusCode(404);
        JsonPath after = myPatients(prescriber, "");
        assertThat(after.getMap("patients[0]")).containsEntry("unreadStudies", 0).containsEntry("unread", false);
        assertThat(after.getMap("patients[1]")).containsEntry("unreadStudies", 1).containsEntry("unread", true);

        // read marks belong to the account (token subject), not to its user name
        String renamed = TestTokens.issue("doc-" + run, Map.of("idnat_ps", doctor, "preferred_username", "cmartin"),
                "practitioner");
        assertThat(myPatients(renamed, "").getMap("patients[0]")).containsEntry("unread", false);

        // paging
        JsonPath second = myPatients(prescriber, "?limit=1&offset=1");
        assertThat(second.getList("patients.patientID")).containsExactly(run + "-B");
        assertThat(second.getInt("total")).isEqualTo(2);
        assertThat(second.getInt("limit")).isEqualTo(1);
        JsonPath beyond = myPatients(prescriber, "?offset=2");
        assertThat(beyond.getList("patients")).isEmpty();
        assertThat(beyond.getInt("total")).isEqualTo(2);

        // the other doctor's list has A (2025) and C (2024), not B
        assertThat(myPatients(colleague, "").getList("patients.patientID")).containsExactly(run + "-A", run + "-C");
    }

    @Test
    void onlyPractitionersHaveAListAndPagesAreBounded() {
        given().get("/api/my-patients").then().statusCode(401);
        given().auth().oauth2(TestTokens.issue("sa", Map.of("establishments", List.of("750000001")), "site-admin"))
                .get("/api/my-patients").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/my-patients").then().statusCode(403);
        JsonPath noIdentifier = myPatients(TestTokens.issue("doc-x", "practitioner"), "");
        assertThat(noIdentifier.getInt("total")).isZero();
        String practitioner = TestTokens.issue("doc-y", Map.of("idnat_ps", idNatPs()), "practitioner");
        for (String bad : List.of("?limit=0", "?limit=501", "?offset=-1")) {
            Response r = given().auth().oauth2(practitioner).get("/api/my-patients" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    /** Registers a one-instance study of that patient, prescribed by the given code; returns its UID. */
    private static String study(String patientID, String name, String birthDate, String sample, String date,
                                String description, String scheme, String code) {
        String study = uid();
        ObjectNode ds = withUids(Samples.dataset(sample), study, uid(), uid());
        set(ds, "00100020", "LO", patientID);
        setName(ds, "00100010", name);
        set(ds, "00100030", "DA", birthDate);
        set(ds, "00080020", "DA", date);
        set(ds, "00081030", "LO", description);
        setReferringPhysicianIds(ds, scheme, code);
        registerNew(ds);
        return study;
    }

    private static JsonPath myPatients(String token, String query) {
        Response r = given().auth().oauth2(token).get("/api/my-patients" + query);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath();
    }
}

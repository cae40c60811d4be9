package org.irisimaging.studyindex.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.request;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.firstValues;
import static org.irisimaging.studyindex.StudyIndexApi.qido;
import static org.irisimaging.studyindex.StudyIndexApi.results;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/** The gateway registers stored instances: new, re-sent, conflicting, invalid, concurrent. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class RegistrationTest {

    @Inject
    DataSource dataSource;

    @Test
    void aNewInstanceIsCreatedThenAnIdenticalReSendChangesNothing() throws Exception {
        ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid());
        ObjectNode request = request(ds);

        Response created = register(request);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("outcome")).isEqualTo("CREATED");
        assertThat(created.jsonPath().getString("studyInstanceUID")).isEqualTo(text(ds, "0020000D"));
        assertThat(created.jsonPath().getString("seriesInstanceUID")).isEqualTo(text(ds, "0020000E"));
        assertThat(created.jsonPath().getString("sopInstanceUID")).isEqualTo(text(ds, "00080018"));
        assertThat(created.header("Location")).endsWith("/api/locations/studies/" + text(ds, "0020000D")
                + "/series/" + text(ds, "0020000E") + "/instances/" + text(ds, "00080018"));
        String updatedAt = scalar("select updated_at::text from instance where sop_instance_uid = ?", text(ds, "00080018"));

        Response again = register(request);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("outcome")).isEqualTo("UNCHANGED");
        assertThat(scalar("select updated_at::text from instance where sop_instance_uid = ?", text(ds, "00080018")))
                .as("nothing written").isEqualTo(updatedAt);
        assertThat(scalar("select count(*)::text from instance where study_id = "
                + "(select id from study where study_instance_uid = ?)", text(ds, "0020000D"))).isEqualTo("1");
    }

    @Test
    void aReSentInstanceWithAnotherFileReplacesMetadataBlobAndQueryKeys() throws Exception {
        ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid());
        String patientId = "REPL-" + UUID.randomUUID();
        Samples.set(ds, "00100020", "LO", patientId);
        Samples.set(ds, "00081030", "LO", "First reading");
        assertThat(register(request(ds)).statusCode()).isEqualTo(201);

        ObjectNode corrected = ds.deepCopy();
        Samples.set(corrected, "00081030", "LO", "Corrected reading");
        ObjectNode correction = request(corrected);
        ((ObjectNode) correction.get("blob")).put("key", "instances/elsewhere.dcm").put("sizeBytes", 4242);
        Response replaced = register(correction);
        assertThat(replaced.statusCode()).as(replaced.asString()).isEqualTo(200);
        assertThat(replaced.jsonPath().getString("outcome")).isEqualTo("REPLACED");

        Response study = qido("/studies", Map.of("PatientID", patientId, "includefield", "StudyDescription"));
        assertThat(firstValues(study, "00081030")).containsExactly("Corrected reading");
        assertThat(firstValues(study, "00201208")).containsExactly("1");
        given().auth().oauth2(org.irisimaging.studyindex.StudyIndexApi.ADMIN).get("/api/locations/studies/" + text(ds, "0020000D")).then()
                .statusCode(200);
        assertThat(scalar("select blob_key || ' ' || size_bytes from instance where sop_instance_uid = ?",
                text(ds, "00080018"))).isEqualTo("instances/elsewhere.dcm 4242");
        assertThat(scalar("select metadata -> '00081030' -> 'Value' ->> 0 from instance where sop_instance_uid = ?",
                text(ds, "00080018"))).isEqualTo("Corrected reading");
    }

    @Test
    void theSameSopInstanceUnderAnotherStudyOrSeriesIsAConflictAndChangesNothing() throws Exception {
        String sop = uid();
        ObjectNode ds = withUids(Samples.dataset(Samples.MR_SMALL), uid(), uid(), sop);
        assertThat(register(request(ds)).statusCode()).isEqualTo(201);

        String otherStudy = uid();
        Response conflict = register(request(withUids(Samples.dataset(Samples.MR_SMALL), otherStudy, uid(), sop)));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.jsonPath().getString("type")).isEqualTo("urn:iris:problem:sop-instance-conflict");
        assertThat(scalar("select count(*)::text from study where study_instance_uid = ?", otherStudy))
                .as("nothing changed").isEqualTo("0");

        String otherSeries = uid();
        Response seriesConflict = register(request(withUids(Samples.dataset(Samples.MR_SMALL), text(ds, "0020000D"),
                otherSeries, sop)));
        assertThat(seriesConflict.statusCode()).isEqualTo(409);
        assertThat(seriesConflict.jsonPath().getString("type")).isEqualTo("urn:iris:problem:sop-instance-conflict");
        assertThat(scalar("select count(*)::text from series where series_instance_uid = ?", otherSeries)).isEqualTo("0");

        // A new instance whose series is registered in another study
        Response moved = register(request(withUids(Samples.dataset(Samples.MR_SMALL), uid(), text(ds, "0020000E"), uid())));
        assertThat(moved.statusCode()).isEqualTo(409);
        assertThat(moved.jsonPath().getString("type")).isEqualTo("urn:iris:problem:series-instance-conflict");
    }

    @Test
    void anInvalidRegistrationIsA400Problem() throws Exception {
        ObjectNode good = withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid());

        ObjectNode noStudy = good.deepCopy();
        noStudy.remove("0020000D");
        assertInvalid(request(noStudy), "Study Instance UID");

        assertInvalid(request(withUids(good.deepCopy(), uid(), "1.02.3", uid())), "Series Instance UID");
        assertInvalid(request(withUids(good.deepCopy(), uid(), uid(), "")), "SOP Instance UID");
        ObjectNode noClass = good.deepCopy();
        noClass.remove("00080016");
        assertInvalid(request(noClass), "SOP Class UID");

        ObjectNode badSha = request(good.deepCopy());
        ((ObjectNode) badSha.get("blob")).put("sha256", "xyz");
        assertInvalid(badSha, "sha256");
        assertInvalid(request(good.deepCopy(), "STOW", "STORESCU"), "callingAeTitle");
        assertInvalid(request(good.deepCopy(), "DIMSE", null), "callingAeTitle");
        assertInvalid(request(good.deepCopy(), "FTP", null), "source.kind");
        ObjectNode withMeta = Samples.set(good.deepCopy(), "00020010", "UI", "1.2.840.10008.1.2.1");
        assertInvalid(request(withMeta), "group 0002");
        ObjectNode lowercaseTag = good.deepCopy();
        lowercaseTag.set("0008103e", lowercaseTag.remove("00080060"));
        assertInvalid(request(lowercaseTag), "upper-case");
        ObjectNode withNul = Samples.set(good.deepCopy(), "00081030", "LO", "Chest\u0000");
        assertInvalid(request(withNul), "NUL");
        ObjectNode noDataset = request(good.deepCopy());
        noDataset.remove("dataset");
        assertInvalid(noDataset, "dataset");

        assertThat(scalar("select count(*)::text from instance where sop_instance_uid = ?", text(good, "00080018")))
                .isEqualTo("0");
    }

    @Test
    void onlyTheIngestRoleRegisters() {
        String body = request(withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid())).toString();
        given().contentType("application/json").body(body).post("/api/instances").then().statusCode(401);
        given().auth().oauth2(TestTokens.issue("admin-1", "platform-admin")).contentType("application/json")
                .body(body).post("/api/instances").then().statusCode(403);
    }

    @Test
    void aDimseSourceAndItsSiteIdentityAreRecorded() throws Exception {
        ObjectNode ds = withUids(Samples.dataset(Samples.CHR_FREN), uid(), uid(), uid());
        String patientId = "SITE-" + UUID.randomUUID();
        Samples.set(ds, "00100020", "LO", patientId);
        Samples.set(ds, "00100021", "LO", "HOSPITAL-A");
        assertThat(register(request(ds, "DIMSE", "PACS_A")).statusCode()).isEqualTo(201);
        assertThat(scalar("""
                select source || '|' || issuer_of_patient_id || '|' || patient_id || '|' || patient_name
                       || '|' || (platform_patient_id is not null)
                  from site_patient where patient_id = ?""", patientId))
                .isEqualTo("PACS_A|HOSPITAL-A|" + patientId + "|Buc^Jérôme|true");

        // The same PatientID from STOW is another site identity (another source)
        ObjectNode viaStow = withUids(Samples.dataset(Samples.CHR_FREN), uid(), uid(), uid());
        Samples.set(viaStow, "00100020", "LO", patientId);
        Samples.set(viaStow, "00100021", "LO", "HOSPITAL-A");
        assertThat(register(request(viaStow, "STOW", null)).statusCode()).isEqualTo(201);
        assertThat(scalar("select string_agg(source, ',' order by source) || ' ' || count(distinct platform_patient_id)"
                + " from site_patient where patient_id = ?", patientId)).isEqualTo("PACS_A,STOW 2");
    }

    @Test
    void eachStowSenderIsASourceOfItsOwnMappedToItsEstablishment() throws Exception {
        String patientId = "STOW-" + UUID.randomUUID();
        String mapped = uid();
        String unmapped = uid();
        for (String[] upload : new String[][] {{mapped, "pacs-b"}, {unmapped, "pacs-z"}}) {
            ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), upload[0], uid(), uid());
            Samples.set(ds, "00100020", "LO", patientId);
            ObjectNode request = request(ds, "STOW", null);
            ((ObjectNode) request.get("source")).put("clientId", upload[1]);
            assertThat(register(request).statusCode()).isEqualTo(201);
        }
        assertThat(scalar("select string_agg(source, ',' order by source) from site_patient where patient_id = ?",
                patientId)).isEqualTo("STOW/pacs-b,STOW/pacs-z");
        // pacs-b has its own mapping (test profile: 690000002); pacs-z falls back to STOW's (750000001)
        assertThat(scalar("select producing_establishment from study where study_instance_uid = ?", mapped))
                .isEqualTo("690000002");
        assertThat(scalar("select producing_establishment from study where study_instance_uid = ?", unmapped))
                .isEqualTo("750000001");

        ObjectNode forged = request(withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid()), "STOW", null);
        ((ObjectNode) forged.get("source")).put("clientId", "../etc");
        assertThat(register(forged).statusCode()).isEqualTo(400);
    }

    @Test
    void instancesWithoutPatientIdAreNotMergedIntoOnePatient() throws Exception {
        List<String> studies = List.of(uid(), uid());
        for (String study : studies) {
            ObjectNode ds = withUids(Samples.dataset(Samples.MR_SMALL), study, uid(), uid());
            ds.remove("00100020");
            assertThat(register(request(ds, "DIMSE", "NOID_AE")).statusCode()).isEqualTo(201);
        }
        assertThat(scalar("select count(distinct site_patient_id)::text from study where study_instance_uid in (?, ?)",
                studies.get(0), studies.get(1))).isEqualTo("2");
    }

    /**
     * The instances after a series' first, one by one as an association sends them: each counted,
     * the study's and series' attributes those of the latest, a corrected patient name recorded on
     * the site identity, a corrected modality in ModalitiesInStudy.
     */
    @Test
    void laterInstancesOfARegisteredSeriesUpdateItsStudyAndSiteIdentity() throws Exception {
        String study = uid();
        String series = uid();
        String patientId = "SEQ-" + UUID.randomUUID();
        List<String> sops = new ArrayList<>();
        List<String> siteIdentityUpdates = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String sop = uid();
            sops.add(sop);
            ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), study, series, sop);
            Samples.set(ds, "00100020", "LO", patientId);
            Samples.set(ds, "00200013", "IS", i);
            Samples.set(ds, "00081030", "LO", "Reading " + i);
            Samples.set(ds, "0008103E", "LO", "Series reading " + i);
            if (i >= 4) {
                Samples.setName(ds, "00100010", "CORRECTED^NAME");
            }
            if (i == 5) {
                Samples.set(ds, "00080060", "CS", "PT");
            }
            Response r = register(request(ds));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
            assertThat(r.jsonPath().getString("outcome")).isEqualTo("CREATED");
            siteIdentityUpdates.add(scalar("select updated_at::text from site_patient where patient_id = ?", patientId));
        }
        assertThat(siteIdentityUpdates.get(2)).as("same demographics: the site identity is not rewritten")
                .isEqualTo(siteIdentityUpdates.get(1)).isEqualTo(siteIdentityUpdates.get(0));
        assertThat(siteIdentityUpdates.get(3)).as("a corrected name is").isNotEqualTo(siteIdentityUpdates.get(2));

        Response result = qido("/studies", Map.of("PatientID", patientId, "includefield", "StudyDescription"));
        assertThat(firstValues(result, "00201208")).containsExactly("5");
        assertThat(firstValues(result, "00201206")).containsExactly("1");
        assertThat(firstValues(result, "00081030")).containsExactly("Reading 5");
        assertThat(results(result).get(0).path("00080061").path("Value").toString()).isEqualTo("[\"PT\"]");
        Response seriesResult = qido("/studies/" + study + "/series", Map.of("includefield", "SeriesDescription"));
        assertThat(firstValues(seriesResult, "00201209")).containsExactly("5");
        assertThat(firstValues(seriesResult, "0008103E")).containsExactly("Series reading 5");
        assertThat(scalar("select count(*) || ' ' || min(patient_name) from site_patient where patient_id = ?",
                patientId)).isEqualTo("1 CORRECTED^NAME");
        assertThat(scalar("select string_agg(metadata -> '00200013' -> 'Value' ->> 0, ',' order by id) from instance"
                + " where series_id = (select id from series where series_instance_uid = ?)", series))
                .isEqualTo("1,2,3,4,5");
    }

    /**
     * Several associations storing one new study at once: 50 instances in 2 series from 8 threads.
     * One patient, one study, exact counts, no failure.
     */
    @Test
    void concurrentRegistrationsOfOneNewStudyLoseNothing() throws Exception {
        String study = uid();
        List<String> series = List.of(uid(), uid());
        String patientId = "CONC-" + UUID.randomUUID();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), study, series.get(i % 2), uid());
            Samples.set(ds, "00100020", "LO", patientId);
            Samples.set(ds, "00200013", "IS", i + 1);
            if (i % 2 == 1) {
                Samples.set(ds, "00080060", "CS", "PT");
            }
            ObjectNode request = request(ds);
            calls.add(() -> register(request).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(scalar("select count(*) || ' ' || count(distinct platform_patient_id) from site_patient where patient_id = ?",
                patientId)).isEqualTo("1 1");
        Response result = qido("/studies", Map.of("PatientID", patientId));
        assertThat(firstValues(result, "00201206")).containsExactly("2");
        assertThat(firstValues(result, "00201208")).containsExactly("50");
        assertThat(results(result).get(0).path("00080061").path("Value").toString()).isEqualTo("[\"CT\",\"PT\"]");
        Response seriesResult = qido("/studies/" + study + "/series", Map.of());
        assertThat(firstValues(seriesResult, "00201209")).containsExactly("25", "25");
    }

    /** The same new instance sent on several associations at once: created once, the others unchanged. */
    @Test
    void concurrentRegistrationsOfTheSameInstanceCreateItOnce() throws Exception {
        ObjectNode request = request(withUids(Samples.dataset(Samples.MR_SMALL), uid(), uid(), uid()));
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> {
                Response r = register(request);
                return r.statusCode() + " " + r.jsonPath().getString("outcome");
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(calls)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(outcomes).containsOnlyOnce("201 CREATED").filteredOn(o -> !o.equals("201 CREATED"))
                .containsOnly("200 UNCHANGED");
    }

    private static void assertInvalid(ObjectNode request, String mentioned) {
        Response r = register(request);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).isEqualTo("urn:iris:problem:invalid-registration");
        assertThat(r.jsonPath().getString("detail")).contains(mentioned);
    }

    private static String text(ObjectNode ds, String tag) {
        return ds.path(tag).path("Value").path(0).asText();
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

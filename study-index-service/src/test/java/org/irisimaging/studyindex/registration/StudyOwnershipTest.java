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
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.request;
import static org.irisimaging.studyindex.Samples.setReferringPhysicianIds;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/**
 * ADR 0018, as an attacker holding an allowed AE title would try it: a study belongs to the source
 * that first registered it and to that source's patient. Another source's instance carrying its
 * Study, Series or SOP Instance UID changes nothing — not its prescribers, not its patient, not its
 * instances — whichever registration path would take it; the study's own source cannot move it to
 * another patient either; each refusal is a 409 with its own problem type, and is audited.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class StudyOwnershipTest {

    private static final String OWNER = "STORESCU";
    private static final String INTRUDER = "OTHERPACS";
    private static final String DR_OWNER = "810000000001";
    private static final String DR_INTRUDER = "810000000666";

    @Inject
    DataSource dataSource;

    /** A study of {@code patientId} registered by {@link #OWNER}, naming {@link #DR_OWNER}. */
    private record Study(String study, String series, String sop, String patientId, ObjectNode dataset) {
    }

    private static Study ownersStudy() {
        String patientId = "OWN-" + UUID.randomUUID();
        ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), uid(), uid(), uid());
        Samples.set(ds, "00100020", "LO", patientId);
        setReferringPhysicianIds(ds, "IDNPS", DR_OWNER);
        Response r = register(request(ds, "DIMSE", OWNER));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return new Study(text(ds, "0020000D"), text(ds, "0020000E"), text(ds, "00080018"), patientId, ds);
    }

    @Test
    void anotherSourceNamingNewReferringPhysiciansNeitherGrantsNorRemovesAccess() throws Exception {
        Study owned = ownersStudy();
        String before = studyState(owned.study);

        // a new series of the study, naming another practitioner and not the owner's
        ObjectNode intrusion = withUids(owned.dataset.deepCopy(), owned.study, uid(), uid());
        setReferringPhysicianIds(intrusion, "IDNPS", DR_INTRUDER);
        assertRefused(register(request(intrusion, "DIMSE", INTRUDER)), "study-of-another-source");

        // a new instance of its registered series, with the very same patient and demographics (the
        // one-statement path, once the intruder's site identity for that patient exists)
        ObjectNode ownStudy = withUids(owned.dataset.deepCopy(), uid(), uid(), uid());
        assertThat(register(request(ownStudy, "DIMSE", INTRUDER)).statusCode()).isEqualTo(201);
        ObjectNode sameSeries = withUids(owned.dataset.deepCopy(), owned.study, owned.series, uid());
        setReferringPhysicianIds(sameSeries, "IDNPS", DR_INTRUDER);
        assertRefused(register(request(sameSeries, "DIMSE", INTRUDER)), "study-of-another-source");

        // and by STOW-RS
        ObjectNode stowed = withUids(owned.dataset.deepCopy(), owned.study, uid(), uid());
        setReferringPhysicianIds(stowed);
        assertRefused(register(request(stowed, "STOW", null)), "study-of-another-source");

        assertThat(studyState(owned.study)).as("prescribers, patient, counts, revision").isEqualTo(before);
        assertThat(scalar("select referring_physician_ids::text from study where study_instance_uid = ?", owned.study))
                .isEqualTo("{" + DR_OWNER + "}");
        assertThat(scalar("select count(*)::text from audit_event where action = 'registration-refused'"
                + " and study_instance_uid = ? and outcome = 'FAILED' and failure_reason = 'study-of-another-source'"
                + " and actor in ('OTHERPACS', 'STOW') and patient_id = ?", owned.study, owned.patientId))
                .as("each refusal audited, with the study's patient").isEqualTo("3");
    }

    @Test
    void anotherSourceCannotChangeTheStudysPatient() throws Exception {
        Study owned = ownersStudy();
        String before = studyState(owned.study);
        ObjectNode relabelled = withUids(owned.dataset.deepCopy(), owned.study, owned.series, uid());
        Samples.set(relabelled, "00100020", "LO", "INTRUDER-" + UUID.randomUUID());
        Samples.setName(relabelled, "00100010", "SOMEONE^ELSE");
        assertRefused(register(request(relabelled, "DIMSE", INTRUDER)), "study-of-another-source");
        assertThat(studyState(owned.study)).isEqualTo(before);
        assertThat(scalar("select count(*)::text from site_patient where source = ? and patient_id = ?", INTRUDER,
                owned.patientId)).as("no site identity created for a refused sender").isEqualTo("0");
    }

    @Test
    void anotherSourceCannotReplaceAnInstanceNorLearnItByAnIdenticalReSend() throws Exception {
        Study owned = ownersStudy();
        String before = studyState(owned.study);
        String instance = instanceState(owned.sop);

        ObjectNode replacement = owned.dataset.deepCopy();
        Samples.set(replacement, "00081030", "LO", "Replaced by another source");
        ObjectNode replacing = request(replacement, "DIMSE", INTRUDER);
        ((ObjectNode) replacing.get("blob")).put("key", "instances/forged.dcm");
        assertRefused(register(replacing), "study-of-another-source");

        // byte-identical (same SHA-256): refused all the same, not "unchanged"
        assertRefused(register(request(owned.dataset, "STOW", null)), "study-of-another-source");

        assertThat(instanceState(owned.sop)).isEqualTo(instance);
        assertThat(studyState(owned.study)).isEqualTo(before);
        // the owner's own identical re-send is still unchanged
        assertThat(register(request(owned.dataset, "DIMSE", OWNER)).jsonPath().getString("outcome"))
                .isEqualTo("UNCHANGED");
    }

    @Test
    void theStudysOwnSourceCannotMoveItToAnotherPatient() throws Exception {
        Study owned = ownersStudy();
        String before = studyState(owned.study);
        // one-statement path candidate: same series, known other site identity of the same source
        String otherPatient = "OTHER-" + UUID.randomUUID();
        ObjectNode elsewhere = withUids(owned.dataset.deepCopy(), uid(), uid(), uid());
        Samples.set(elsewhere, "00100020", "LO", otherPatient);
        assertThat(register(request(elsewhere, "DIMSE", OWNER)).statusCode()).isEqualTo(201);

        ObjectNode sameSeries = withUids(owned.dataset.deepCopy(), owned.study, owned.series, uid());
        Samples.set(sameSeries, "00100020", "LO", otherPatient);
        assertRefused(register(request(sameSeries, "DIMSE", OWNER)), "patient-mismatch");

        ObjectNode newSeries = withUids(owned.dataset.deepCopy(), owned.study, uid(), uid());
        Samples.set(newSeries, "00100021", "LO", "ANOTHER-ISSUER");
        assertRefused(register(request(newSeries, "DIMSE", OWNER)), "patient-mismatch");

        ObjectNode reSent = owned.dataset.deepCopy();
        reSent.remove("00100020");
        assertRefused(register(request(reSent, "DIMSE", OWNER)), "patient-mismatch");

        assertThat(studyState(owned.study)).isEqualTo(before);
        assertThat(scalar("select count(*)::text from audit_event where action = 'registration-refused'"
                + " and study_instance_uid = ? and failure_reason = 'patient-mismatch' and actor = ?",
                owned.study, OWNER)).isEqualTo("3");

        // a corrected name for the same Patient ID is the source's to send
        ObjectNode renamed = withUids(owned.dataset.deepCopy(), owned.study, owned.series, uid());
        Samples.setName(renamed, "00100010", "CORRECTED^NAME");
        assertThat(register(request(renamed, "DIMSE", OWNER)).statusCode()).isEqualTo(201);
    }

    @Test
    void theStudysPrescribersAreTheUnionOverItsInstances() throws Exception {
        Study owned = ownersStudy(); // DR_OWNER
        String second = "810000000002";
        String third = "810000000003";
        String fourth = "810000000004";
        ObjectNode sameSeries = withUids(owned.dataset.deepCopy(), owned.study, owned.series, uid());
        setReferringPhysicianIds(sameSeries, "IDNPS", second); // one-statement path
        assertThat(register(request(sameSeries, "DIMSE", OWNER)).statusCode()).isEqualTo(201);
        ObjectNode newSeries = withUids(owned.dataset.deepCopy(), owned.study, uid(), uid());
        setReferringPhysicianIds(newSeries); // names none: takes none away
        assertThat(register(request(newSeries, "DIMSE", OWNER)).statusCode()).isEqualTo(201);
        ObjectNode corrected = owned.dataset.deepCopy();
        setReferringPhysicianIds(corrected, "IDNPS", third, "IDNPS", second, "RPPS", fourth.substring(1));
        assertThat(register(request(corrected, "DIMSE", OWNER)).jsonPath().getString("outcome")).isEqualTo("REPLACED");
        assertThat(scalar("select referring_physician_ids::text from study where study_instance_uid = ?", owned.study))
                .isEqualTo("{" + DR_OWNER + "," + second + "," + third + "," + fourth + "}");
    }

    /** Two sources racing to register the same new study: one owns it, the other is refused, no 500. */
    @Test
    void concurrentFirstRegistrationsFromTwoSourcesGiveTheStudyToOne() throws Exception {
        String study = uid();
        String patientId = "RACE-" + UUID.randomUUID();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), study, uid(), uid());
            Samples.set(ds, "00100020", "LO", patientId);
            ObjectNode request = request(ds, "DIMSE", i % 2 == 0 ? OWNER : INTRUDER);
            calls.add(() -> register(request).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses).containsOnly(201, 409).contains(201);
        String owner = scalar("select sp.source from study st join site_patient sp on sp.id = st.site_patient_id"
                + " where st.study_instance_uid = ?", study);
        assertThat(scalar("select string_agg(distinct source, ',') || ' ' || count(*) from instance where study_id ="
                + " (select id from study where study_instance_uid = ?)", study))
                .isEqualTo(owner + " " + statuses.stream().filter(s -> s == 201).count());
        assertThat(scalar("select number_of_instances::text from study where study_instance_uid = ?", study))
                .isEqualTo(Long.toString(statuses.stream().filter(s -> s == 201).count()));
    }

    private static void assertRefused(Response response, String slug) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:iris:problem:" + slug);
    }

    /** Everything a registration could change in a study, as one string. */
    private String studyState(String study) throws Exception {
        return scalar("""
                select st.site_patient_id || '|' || st.patient_id || '|' || coalesce(st.issuer_of_patient_id, '') || '|'
                       || coalesce(st.patient_name_upper, '') || '|' || st.referring_physician_ids::text || '|'
                       || coalesce(st.producing_establishment, '') || '|' || st.number_of_series || '|'
                       || st.number_of_instances || '|' || st.revision || '|' || st.attributes::text
                       || '|' || (select string_agg(se.series_instance_uid || ':' || se.number_of_instances, ',')
                                    from series se where se.study_id = st.id)
                  from study st where st.study_instance_uid = ?""", study);
    }

    private String instanceState(String sop) throws Exception {
        return scalar("select blob_key || '|' || sha256 || '|' || source || '|' || updated_at || '|' || metadata::text"
                + " from instance where sop_instance_uid = ?", sop);
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

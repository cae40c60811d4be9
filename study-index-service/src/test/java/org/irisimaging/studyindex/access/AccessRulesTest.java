package org.irisimaging.studyindex.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.studyindex.Samples;
import org.irisimaging.studyindex.jdbc.SqlQuery;
import org.irisimaging.studyindex.qido.QidoQueryParser;
import org.irisimaging.studyindex.qido.QidoSql;
import org.irisimaging.studyindex.qido.Search;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
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
import static org.irisimaging.studyindex.StudyIndexApi.GATEWAY;
import static org.irisimaging.studyindex.StudyIndexApi.firstValues;
import static org.irisimaging.studyindex.StudyIndexApi.problem;
import static org.irisimaging.studyindex.StudyIndexApi.register;
import static org.irisimaging.studyindex.StudyIndexApi.results;

/**
 * Who sees which study ({@link StudyAccess}, ADR 0013), through the service's own API: the
 * prescriber by the identifier in the Referring Physician Identification Sequence (never by name),
 * the site administrators of the producing establishment (the sending source's
 * {@code iris.sites.*} mapping: STORESCU and STOW are 750000001, OTHERPACS 690000002 in the test
 * profile), platform administrators; anyone else finds nothing and gets 404, exactly as for a
 * study that does not exist, at every QIDO-RS level, for metadata and for file locations.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class AccessRulesTest {

    private static final Random RANDOM = new Random();
    /** PatientID prefix of this run's studies: searches are narrowed to them. */
    private static final String RUN = "SA" + Integer.toString(RANDOM.nextInt(1 << 30), 36).toUpperCase();
    private static final String ALL = RUN + "-*";
    private static final String DR_MARTIN = idNatPs();
    private static final String DR_COLLEAGUE = idNatPs();
    private static final String DR_ELSEWHERE = idNatPs();

    /** The prescriber: a practitioner of establishment 750000001. */
    private static final String PRESCRIBER = TestTokens.issue("martin", person(DR_MARTIN, "750000001"), "practitioner");
    /** A practitioner of the same establishment, who prescribed none of these studies. */
    private static final String COLLEAGUE = TestTokens.issue("colleague", person(DR_COLLEAGUE, "750000001"),
            "practitioner");
    private static final String SITE_ADMIN_750 = TestTokens.issue("admin-750", person(idNatPs(), "750000001"),
            "practitioner", "site-admin");
    private static final String SITE_ADMIN_690 = TestTokens.issue("admin-690",
            Map.of("establishments", List.of("690000002")), "site-admin");
    private static final String GUEST = TestTokens.issue("guest-1", "guest");

    // P: from STORESCU (750000001), names Dr Martin under RPPS (11 digits): 1 series, 2 instances.
    // N: from STORESCU, Dr Martin's name as Referring Physician's Name but no identifier.
    // O: from OTHERPACS (690000002), names Dr Martin by idNat_PS.
    // U: from LONEPACS (mapped to no establishment), names another practitioner.
    private static String studyP, seriesP, sopP1, sopP2, studyN, studyO, studyU;
    private static boolean seeded;

    @Inject
    StudyAccess access;
    @Inject
    QidoQueryParser parser;

    private static String idNatPs() {
        return "8" + String.format("%011d", RANDOM.nextLong(100_000_000_000L));
    }

    private static Map<String, Object> person(String idNatPs, String establishment) {
        return Map.of("idnat_ps", idNatPs, "establishments", List.of(establishment));
    }

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        studyP = uid();
        seriesP = uid();
        sopP1 = uid();
        sopP2 = uid();
        for (String sop : List.of(sopP1, sopP2)) {
            ObjectNode p = patient(withUids(Samples.dataset(Samples.CT_SMALL), studyP, seriesP, sop), "P");
            setReferringPhysicianIds(p, "RPPS", DR_MARTIN.substring(1));
            registerFrom(p, "STORESCU");
        }
        studyN = uid();
        ObjectNode n = patient(withUids(Samples.dataset(Samples.MR_SMALL), studyN, uid(), uid()), "N");
        setName(n, "00080090", "Martin^Claire");
        registerFrom(n, "STORESCU");
        studyO = uid();
        ObjectNode o = patient(withUids(Samples.dataset(Samples.CT_SMALL), studyO, uid(), uid()), "O");
        setReferringPhysicianIds(o, PractitionerIdentifiers.IDNAT_PS_OID, DR_MARTIN);
        registerFrom(o, "OTHERPACS");
        studyU = uid();
        ObjectNode u = patient(withUids(Samples.dataset(Samples.CT_SMALL), studyU, uid(), uid()), "U");
        setReferringPhysicianIds(u, "IDNPS", DR_ELSEWHERE);
        registerFrom(u, "LONEPACS");
        seeded = true;
    }

    @Test
    void eachCallerFindsExactlyWhatTheRulesGrant() {
        assertThat(studies(PRESCRIBER)).as("the prescriber: by identifier, from any establishment")
                .containsExactlyInAnyOrder(studyP, studyO);
        assertThat(studies(SITE_ADMIN_750)).as("site admin of 750000001: its studies, with or without prescriber")
                .containsExactlyInAnyOrder(studyP, studyN);
        assertThat(studies(SITE_ADMIN_690)).as("site admin of 690000002").containsExactly(studyO);
        assertThat(studies(ADMIN)).as("platform admin: all").containsExactlyInAnyOrder(studyP, studyN, studyO, studyU);
        assertThat(studies(COLLEAGUE)).as("a practitioner of the establishment who prescribed none of them").isEmpty();
        assertThat(studies(GUEST)).as("a guest (no grant yet)").isEmpty();
    }

    @Test
    void theReferringPhysiciansNameAloneGivesNothing() {
        // Conservative rule: study N carries Dr Martin's name, not her identifier.
        assertThat(metadata(PRESCRIBER, "/studies/" + studyN).statusCode()).isEqualTo(404);
        assertThat(results(qido(PRESCRIBER, "/studies", Map.of("ReferringPhysicianName", "Martin^Claire",
                "PatientID", ALL)))).isEmpty();
        assertThat(metadata(SITE_ADMIN_750, "/studies/" + studyN).statusCode()).as("the site's staff see it")
                .isEqualTo(200);
    }

    @Test
    void whatACallerMayNotSeeIsAbsentAtEveryQidoLevel() {
        Map<String, Map<String, String>> searches = new LinkedHashMap<>();
        searches.put("/studies", Map.of("StudyInstanceUID", studyP));
        searches.put("/studies/" + studyP + "/series", Map.of());
        searches.put("/series", Map.of("StudyInstanceUID", studyP));
        searches.put("/studies/" + studyP + "/series/" + seriesP + "/instances", Map.of());
        searches.put("/studies/" + studyP + "/instances", Map.of());
        searches.put("/instances", Map.of("SOPInstanceUID", sopP1 + "," + sopP2));
        for (Map.Entry<String, Map<String, String>> search : searches.entrySet()) {
            String path = search.getKey();
            Map<String, String> query = search.getValue();
            assertThat(results(qido(PRESCRIBER, path, query))).as("prescriber " + path).isNotEmpty();
            assertThat(results(qido(SITE_ADMIN_750, path, query))).as("site admin " + path).isNotEmpty();
            for (String other : List.of(COLLEAGUE, SITE_ADMIN_690, GUEST)) {
                Response r = qido(other, path, query);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.asString()).as(path).isEqualTo("[]");
            }
        }
        assertThat(firstValues(qido(PRESCRIBER, "/studies/" + studyP + "/instances", Map.of()), "00080018"))
                .containsExactlyInAnyOrder(sopP1, sopP2);
    }

    @Test
    void metadataAndLocationsOfWhatACallerMayNotSeeAre404LikeWhatDoesNotExist() {
        List<String> levels = List.of("/studies/" + studyP, "/studies/" + studyP + "/series/" + seriesP,
                "/studies/" + studyP + "/series/" + seriesP + "/instances/" + sopP2);
        List<String> absent = List.of("/studies/" + uid(), "/studies/" + studyP + "/series/" + uid(),
                "/studies/" + studyP + "/series/" + seriesP + "/instances/" + uid());
        for (int i = 0; i < levels.size(); i++) {
            String path = levels.get(i);
            assertThat(metadata(PRESCRIBER, path).statusCode()).as(path).isEqualTo(200);
            assertThat(locations(PRESCRIBER, path).statusCode()).as(path).isEqualTo(200);
            for (String other : List.of(COLLEAGUE, SITE_ADMIN_690, GUEST)) {
                Response hidden = metadata(other, path);
                assertThat(hidden.statusCode()).as(path).isEqualTo(404);
                assertThat(problem(hidden)).as("metadata " + path).isEqualTo(problem(metadata(other, absent.get(i))));
                Response files = locations(other, path);
                assertThat(files.statusCode()).as(path).isEqualTo(404);
                assertThat(problem(files)).as("locations " + path).isEqualTo(problem(locations(other, absent.get(i))));
            }
        }
        assertThat(given().auth().oauth2(PRESCRIBER).header("If-None-Match", "*")
                .get("/dicomweb/studies/" + studyU + "/metadata").statusCode()).as("no 304 for a hidden study")
                .isEqualTo(404);
    }

    @Test
    void theProducingEstablishmentIsThatOfTheStudysSourceAndNoOtherSenderTakesItOver() {
        String study = uid();
        String series = uid();
        ObjectNode first = otherPatient(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()), "E");
        registerFrom(first, "LONEPACS");
        assertThat(visibleTo(SITE_ADMIN_750, study)).as("an unmapped source: no establishment").isFalse();
        ObjectNode forwarded = otherPatient(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()), "E");
        assertThat(register(Samples.request(forwarded, "DIMSE", "STORESCU")).statusCode())
                .as("the study belongs to LONEPACS (ADR 0018)").isEqualTo(409);
        assertThat(visibleTo(SITE_ADMIN_750, study)).as("a later sender does not take it over").isFalse();

        String mapped = uid();
        registerFrom(otherPatient(withUids(Samples.dataset(Samples.CT_SMALL), mapped, uid(), uid()), "F"), "STORESCU");
        assertThat(visibleTo(SITE_ADMIN_750, mapped)).as("a source of 750000001").isTrue();
        ObjectNode other = otherPatient(withUids(Samples.dataset(Samples.CT_SMALL), mapped, uid(), uid()), "F");
        assertThat(register(Samples.request(other, "DIMSE", "OTHERPACS")).statusCode()).isEqualTo(409);
        assertThat(visibleTo(SITE_ADMIN_750, mapped)).isTrue();
        assertThat(visibleTo(SITE_ADMIN_690, mapped)).isFalse();

        String stow = uid();
        ObjectNode stowed = otherPatient(withUids(Samples.dataset(Samples.MR_SMALL), stow, uid(), uid()), "S");
        assertThat(register(Samples.request(stowed, "STOW", null)).statusCode()).isEqualTo(201);
        assertThat(visibleTo(SITE_ADMIN_750, stow)).as("STOW-RS is a source too").isTrue();
    }

    @Test
    void aCorrectedInstanceAddsAPrescriberButTakesNoneAwayOnlyAnAdministratorDoes() {
        String study = uid();
        ObjectNode wrong = otherPatient(withUids(Samples.dataset(Samples.CT_SMALL), study, uid(), uid()), "R");
        setReferringPhysicianIds(wrong, "IDNPS", DR_COLLEAGUE);
        registerFrom(wrong, "STORESCU");
        assertThat(visibleTo(COLLEAGUE, study)).isTrue();
        ObjectNode corrected = wrong.deepCopy();
        setReferringPhysicianIds(corrected, "IDNPS", DR_MARTIN);
        Response replaced = register(Samples.request(corrected));
        assertThat(replaced.jsonPath().getString("outcome")).isEqualTo("REPLACED");
        assertThat(visibleTo(COLLEAGUE, study)).as("one more instance takes no access away").isTrue();
        assertThat(visibleTo(PRESCRIBER, study)).isTrue();

        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("idNatPs", DR_COLLEAGUE, "reason", "wrong prescriber on the order"))
                .post("/api/admin/studies/" + study + "/referral-removals").then().statusCode(200);
        assertThat(visibleTo(COLLEAGUE, study)).isFalse();
        assertThat(visibleTo(PRESCRIBER, study)).isTrue();
        registerFrom(wrong, "STORESCU"); // the wrong instance again
        assertThat(visibleTo(COLLEAGUE, study)).as("a removal holds").isFalse();
    }

    @Test
    void theAccessConditionIsInTheSqlOfEverySearch() {
        Caller prescriber = new Caller("martin", java.util.Set.of("practitioner"), DR_MARTIN, List.of("750000001"));
        SqlCondition visible = access.visibleStudies(prescriber, "st");
        for (Search search : Search.values()) {
            String study = search.name().startsWith("ALL") ? null : studyP;
            String series = search == Search.SERIES_INSTANCES ? seriesP : null;
            SqlQuery sql = QidoSql.build(parser.parse(search, study, series, Map.of()), visible);
            assertThat(sql.sql()).as(search.name()).contains("st.referring_physician_ids @> ?");
            assertThat(sql.params()).as(search.name()).contains(List.of(DR_MARTIN));
        }
        Caller siteAdmin = new Caller("a", java.util.Set.of("practitioner", "site-admin"), DR_COLLEAGUE,
                List.of("750000001"));
        assertThat(access.visibleStudies(siteAdmin, "st").sql().split(" or "))
                .containsExactlyInAnyOrder("(st.referring_physician_ids @> ?)", "(st.producing_establishment = any(?))");
        assertThat(access.visibleStudies(Caller.NOBODY, "st")).isEqualTo(SqlCondition.FALSE);
        assertThat(access.visibleStudies(new Caller("s", java.util.Set.of("ingest"), null, List.of()), "st"))
                .isEqualTo(SqlCondition.FALSE);
    }

    @Test
    void sendingSystemsAndAnonymousCallersDoNotRead() {
        given().auth().oauth2(GATEWAY).get("/dicomweb/studies").then().statusCode(403);
        given().auth().oauth2(GATEWAY).get("/dicomweb/studies/" + studyP + "/metadata").then().statusCode(403);
        given().get("/dicomweb/studies/" + studyP + "/metadata").then().statusCode(401);
        given().get("/api/locations/studies/" + studyP).then().statusCode(401);
    }

    // --- helpers ---

    /** One of the four studies every caller's search is compared on (PatientID matched by {@link #ALL}). */
    private static ObjectNode patient(ObjectNode ds, String patient) {
        return set(ds, "00100020", "LO", RUN + "-" + patient);
    }

    /** A study of a single test, outside {@link #ALL}. */
    private static ObjectNode otherPatient(ObjectNode ds, String patient) {
        return set(ds, "00100020", "LO", "X" + RUN + "-" + patient);
    }

    private static void registerFrom(ObjectNode ds, String aeTitle) {
        Response r = register(Samples.request(ds, "DIMSE", aeTitle));
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
    }

    private static Response qido(String token, String path, Map<String, String> query) {
        return given().auth().oauth2(token).accept("application/dicom+json").queryParams(query).get("/dicomweb" + path);
    }

    private static List<String> studies(String token) {
        return firstValues(qido(token, "/studies", Map.of("PatientID", ALL, "limit", "100")), "0020000D");
    }

    private static boolean visibleTo(String token, String study) {
        return !results(qido(token, "/studies", Map.of("StudyInstanceUID", study))).isEmpty();
    }

    private static Response metadata(String token, String path) {
        return given().auth().oauth2(token).get("/dicomweb" + path + "/metadata");
    }

    private static Response locations(String token, String path) {
        return given().auth().oauth2(token).get("/api/locations" + path);
    }
}

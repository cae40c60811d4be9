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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

    @Test
    void filtersSelectStudiesAndEachRowShowsTheLatestMatchingStudy() {
        String run = "MF" + Integer.toString(RANDOM.nextInt(1 << 30), 36).toUpperCase();
        String doctor = idNatPs();
        String token = TestTokens.issue("doc-" + run, Map.of("idnat_ps", doctor), "practitioner");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String recent = basic(today.minusMonths(1));
        String halfYear = basic(today.minusMonths(6));
        // A: a CT three years ago, an MR a month ago. B (accented name): a CT six months ago. C: an MR in 2019.
        String a1 = study(run + "-A", "Petit^Louise", "19600101", Samples.CT_SMALL, basic(today.minusYears(3)),
                "CT thorax", "IDNPS", doctor);
        String a2 = study(run + "-A", "Petit^Louise", "19600101", Samples.MR_SMALL, recent, "IRM genou", "IDNPS",
                doctor);
        String b1 = study(run + "-B", "Éluard^Hélène", "19751231", Samples.CT_SMALL, halfYear, "CT sinus", "IDNPS",
                doctor);
        String c1 = study(run + "-C", "Zola^Émile", "19400402", Samples.MR_SMALL, "20190315", "IRM", "IDNPS", doctor);

        // modality: the row is described by the latest study of that modality, and counts those
        JsonPath ct = myPatients(token, "?modality=CT");
        assertThat(ct.getList("patients.patientID")).containsExactly(run + "-B", run + "-A");
        Map<String, Object> aByCt = ct.getMap("patients[1]");
        assertThat(aByCt).containsEntry("latestStudyInstanceUID", a1).containsEntry("modalitiesInStudy", List.of("CT"))
                .containsEntry("studies", 1).containsEntry("unreadStudies", 1);
        assertThat(ct.getInt("total")).isEqualTo(2);
        // several modalities: any of them (repeated or comma-separated, any case)
        assertThat(myPatients(token, "?modality=mr&modality=US").getList("patients.latestStudyInstanceUID"))
                .containsExactly(a2, c1);
        assertThat(myPatients(token, "?modality=US,CT").getList("patients.patientID"))
                .containsExactly(run + "-B", run + "-A");
        assertThat(myPatients(token, "?modality=US").getInt("total")).isZero();

        // dates, inclusive; last N months
        assertThat(myPatients(token, "?from=" + iso(halfYear) + "&to=" + iso(halfYear))
                .getList("patients.latestStudyInstanceUID")).containsExactly(b1);
        assertThat(myPatients(token, "?to=2022-01-01").getList("patients.latestStudyInstanceUID")).containsExactly(c1);
        assertThat(myPatients(token, "?months=3").getList("patients.latestStudyInstanceUID")).containsExactly(a2);
        assertThat(myPatients(token, "?months=12").getList("patients.patientID"))
                .containsExactly(run + "-A", run + "-B");
        // the filters together: A's CT is out of the last 12 months
        assertThat(myPatients(token, "?months=12&modality=CT").getList("patients.latestStudyInstanceUID"))
                .containsExactly(b1);

        // name: each word the prefix of a word of the name, any case, any accent, any order
        assertThat(myPatients(token, "?q=helene").getList("patients.patientID")).containsExactly(run + "-B");
        assertThat(myPatients(token, "?q=" + enc("HÉL élu")).getList("patients.patientID")).containsExactly(run + "-B");
        assertThat(myPatients(token, "?q=" + enc("eluard^helene")).getList("patients.patientID"))
                .containsExactly(run + "-B");
        assertThat(myPatients(token, "?q=" + enc("lou pet")).getList("patients.patientID")).containsExactly(run + "-A");
        assertThat(myPatients(token, "?q=ouise").getInt("total")).as("a prefix, not a substring").isZero();
        assertThat(myPatients(token, "?q=" + enc("petit marc")).getInt("total")).as("every word").isZero();
        // birth date
        assertThat(myPatients(token, "?birthDate=1940-04-02").getList("patients.patientID"))
                .containsExactly(run + "-C");
        assertThat(myPatients(token, "?birthDate=1940-04-03").getInt("total")).isZero();

        // unread: B opened, so only A and C have something new
        given().auth().oauth2(token).get("/dicomweb/studies/" + b1 + "/metadata").then().statusCode(200);
        assertThat(myPatients(token, "?unread=true").getList("patients.patientID"))
                .containsExactly(run + "-A", run + "-C");
        assertThat(myPatients(token, "?unread=false").getInt("total")).isEqualTo(3);

        // sorting
        assertThat(myPatients(token, "?sort=patientName").getList("patients.patientName"))
                .as("É sorts with E").containsExactly("Éluard^Hélène", "Petit^Louise", "Zola^Émile");
        assertThat(myPatients(token, "?sort=patientName&dir=desc").getList("patients.patientID"))
                .containsExactly(run + "-C", run + "-A", run + "-B");
        assertThat(myPatients(token, "?sort=patientBirthDate").getList("patients.patientID"))
                .containsExactly(run + "-C", run + "-A", run + "-B");
        assertThat(myPatients(token, "?sort=latestStudyDate&dir=asc").getList("patients.patientID"))
                .containsExactly(run + "-C", run + "-B", run + "-A");
        assertThat(myPatients(token, "?sort=studies").getList("patients.patientID"))
                .as("most studies first, then the latest").containsExactly(run + "-A", run + "-B", run + "-C");
        assertThat(myPatients(token, "?sort=unread&dir=asc").getList("patients.patientID"))
                .as("fewest unread first").containsExactly(run + "-B", run + "-C", run + "-A");
        assertThat(myPatients(token, "?sort=unread").getList("patients.patientID"))
                .as("most unread first, then the latest").containsExactly(run + "-A", run + "-C", run + "-B");
        // sorted and paged: the pages follow the order, total is that of the filtered list
        JsonPath second = myPatients(token, "?sort=patientName&limit=1&offset=1&modality=CT&modality=MR");
        assertThat(second.getList("patients.patientID")).containsExactly(run + "-A");
        assertThat(second.getInt("total")).isEqualTo(3);
        JsonPath past = myPatients(token, "?modality=CT&offset=5");
        assertThat(past.getList("patients")).isEmpty();
        assertThat(past.getInt("total")).isEqualTo(2);
    }

    @Test
    void badFiltersAreA400ProblemNeverIgnored() {
        String token = TestTokens.issue("doc-v", Map.of("idnat_ps", idNatPs()), "practitioner");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("?from=2024-02-30", "invalid-query-parameter");
        bad.put("?to=20240101", "invalid-query-parameter");
        bad.put("?from=yesterday", "invalid-query-parameter");
        bad.put("?birthDate=1960-1-1", "invalid-query-parameter");
        bad.put("?from=2024-05-01&to=2024-04-01", "invalid-query-parameter");
        bad.put("?months=0", "invalid-query-parameter");
        bad.put("?months=121", "invalid-query-parameter");
        bad.put("?months=six", "invalid-query-parameter");
        bad.put("?months=3&from=2024-01-01", "invalid-query-parameter");
        bad.put("?q=" + "a".repeat(65), "invalid-query-parameter");
        bad.put("?q=" + enc("petit" + (char) 0), "bad-request"); // NulCharacterFilter, before anything
        bad.put("?q=" + enc("pe\ntit"), "invalid-query-parameter");
        bad.put("?q=" + enc("pe" + (char) 0x202E + "tit"), "invalid-query-parameter");
        bad.put("?q=a&q=b", "invalid-query-parameter");
        bad.put("?modality=" + enc("CT;drop table study"), "invalid-query-parameter");
        bad.put("?modality=", "invalid-query-parameter");
        bad.put("?sort=patient_name", "invalid-query-parameter");
        bad.put("?sort=" + enc("study_date desc; select 1"), "invalid-query-parameter");
        bad.put("?sort=studies&dir=up", "invalid-query-parameter");
        bad.put("?unread=yes", "invalid-query-parameter");
        bad.put("?modalities=CT", "unsupported-query-parameter");
        bad.put("?limit=0", "invalid-query-parameter");
        bad.put("?limit=501", "invalid-query-parameter");
        bad.put("?offset=-1", "invalid-query-parameter");
        bad.put("?limit=ten", "invalid-query-parameter");
        bad.put("?offset=" + enc("1&x=2"), "invalid-query-parameter");
        bad.put("?limit=99999999999", "invalid-query-parameter");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Response r = given().urlEncodingEnabled(false).auth().oauth2(token).get("/api/my-patients" + b.getKey());
            assertThat(r.statusCode()).as(b.getKey() + " " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).as(b.getKey()).isEqualTo("urn:iris:problem:" + b.getValue());
        }
        // the limits themselves are accepted
        myPatients(token, "?months=1");
        myPatients(token, "?months=120&to=2030-01-01");
        myPatients(token, "?q=" + "a".repeat(64));
        myPatients(token, "?sort=unread&dir=desc&unread=true&modality=CT");
    }

    @Test
    void noFilterSortOrSearchRevealsWhatTheCallerMayNotSee() {
        String run = "MA" + Integer.toString(RANDOM.nextInt(1 << 30), 36).toUpperCase();
        String doctor = idNatPs();
        String other = idNatPs();
        String token = TestTokens.issue("doc-" + run, Map.of("idnat_ps", doctor), "practitioner");
        String otherToken = TestTokens.issue("other-" + run, Map.of("idnat_ps", other), "practitioner");
        // D: she prescribed a CT (2022) under one name; another doctor a later MR under a new name
        String d1 = study(run + "-D", "Blanc^Julie", "19800101", Samples.CT_SMALL, "20220101", "CT", "IDNPS", doctor);
        study(run + "-D", "Secretnom^Julie", "19800101", Samples.MR_SMALL, "20240101", "IRM", "IDNPS", other);
        // E: only the other doctor's, with a name that looks like hostile input
        study(run + "-E", "O'Hara^Zoé", "19700101", Samples.CT_SMALL, "20240202", "CT", "IDNPS", other);

        // her row for D shows her study and its name, never the other doctor's
        JsonPath all = myPatients(token, "");
        assertThat(all.getList("patients.patientID")).containsExactly(run + "-D");
        assertThat(all.getMap("patients[0]")).containsEntry("latestStudyInstanceUID", d1)
                .containsEntry("patientName", "Blanc^Julie").containsEntry("studies", 1);
        for (String query : List.of("?q=secretnom", "?q=" + enc("o'hara"), "?q=zoe", "?modality=MR",
                "?from=2023-01-01", "?birthDate=1970-01-01", "?sort=patientName&q=o", "?unread=true&q=hara",
                "?sort=studies&dir=asc&modality=MR,CT&from=2024-01-01")) {
            JsonPath page = myPatients(token, query);
            assertThat(page.getList("patients.patientID")).as(query).doesNotContain(run + "-E");
            assertThat(page.getList("patients.latestStudyInstanceUID")).as(query).doesNotContain((Object) null);
            assertThat(page.getList("patients.patientName")).as(query).doesNotContain("Secretnom^Julie", "O'Hara^Zoé");
        }
        assertThat(myPatients(token, "?q=secretnom").getInt("total")).isZero();
        assertThat(myPatients(token, "?modality=MR").getInt("total")).isZero();
        // while the other doctor finds them
        assertThat(myPatients(otherToken, "?q=" + enc("o'hara")).getList("patients.patientID"))
                .containsExactly(run + "-E");
        assertThat(myPatients(otherToken, "?q=secretnom").getList("patients.patientID")).containsExactly(run + "-D");

        // hostile text is text: no wildcard, no escape, no quote breaks out
        assertThat(myPatients(token, "?q=blanc").getInt("total")).isEqualTo(1);
        // punctuation separates words, as in O'Hara: a query made only of it has no word and finds nobody
        Map<String, Integer> hostile = new LinkedHashMap<>();
        for (String none : List.of("%", "_", "\\", "'", "\"", "%%", "*", "?", "bl_nc", "bl%nc", "bl?nc", "bl*nc",
                "' or '1'='1", "\\' or true --", "\") or (\"1")) {
            hostile.put(none, 0);
        }
        hostile.put("b%", 1); // the word B, then a separator
        hostile.put("b*", 1);
        hostile.put("'blanc'", 1);
        for (Map.Entry<String, Integer> h : hostile.entrySet()) {
            assertThat(myPatients(token, "?q=" + enc(h.getKey())).getInt("total")).as(h.getKey())
                    .isEqualTo(h.getValue());
        }
        assertThat(myPatients(otherToken, "?q=" + enc("%")).getInt("total")).isZero();
    }

    @Test
    void eachPageIsAuditedAsASearchOfThePatientsShown() {
        String run = "MU" + Integer.toString(RANDOM.nextInt(1 << 30), 36).toUpperCase();
        String doctor = idNatPs();
        String token = TestTokens.issue("doc-" + run, Map.of("idnat_ps", doctor), "practitioner");
        String a = study(run + "-A", "Audit^Anne", "19600101", Samples.CT_SMALL, "20240101", "CT", "IDNPS", doctor);
        String b = study(run + "-B", "Audit^Bruno", "19600101", Samples.CT_SMALL, "20230101", "CT", "IDNPS", doctor);

        myPatients(token, "?q=audit&limit=1");
        String siteAdmin = TestTokens.issue("auditor", "platform-admin");
        JsonPath shown = given().auth().oauth2(siteAdmin).get("/api/audit/accesses?study=" + a).then().statusCode(200)
                .extract().jsonPath();
        assertThat(shown.getList("findAll { it.actor == 'doc-" + run + "' }.action")).containsExactly("query");
        assertThat(shown.getString("find { it.actor == 'doc-" + run + "' }.endpoint"))
                .isEqualTo("GET /api/my-patients?q=audit&limit=1");
        assertThat(given().auth().oauth2(siteAdmin).get("/api/audit/accesses?study=" + b).then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.actor == 'doc-" + run + "' }"))
                .as("not on the page, not shown").isEmpty();
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

    private static String basic(LocalDate date) {
        return date.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static String iso(String basic) {
        return LocalDate.parse(basic, DateTimeFormatter.BASIC_ISO_DATE).toString();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonPath myPatients(String token, String query) {
        Response r = given().urlEncodingEnabled(false).auth().oauth2(token).get("/api/my-patients" + query);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath();
    }
}

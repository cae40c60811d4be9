package org.irisimaging.studyindex.qido;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.irisimaging.studyindex.Samples;
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
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.firstValues;
import static org.irisimaging.studyindex.StudyIndexApi.qido;
import static org.irisimaging.studyindex.StudyIndexApi.registerNew;
import static org.irisimaging.studyindex.StudyIndexApi.results;

/**
 * QIDO-RS over an index of four studies registered from real DICOM files (CT_small, MR_small,
 * chrFren) and edited copies. Every search is narrowed to this class's patients by a PatientID
 * prefix unique to the run, so other tests' data never interferes.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class QidoTest {

    /** PatientID prefix of this run's studies. */
    private static final String RUN = "Q" + Integer.toString(new Random().nextInt(1 << 30), 36).toUpperCase();
    private static final String ALL = RUN + "-*";

    // A: CT_small, 2 instances, 20040119 072730. B: MR_small + an SR series, 20040826.
    // C: chrFren "Buc^Jérôme", 20240315 1430. D: CT "Bucher^Anne", 20241231, acquisition date-time.
    private static String studyA, studyB, studyC, studyD, seriesA, seriesB1, seriesB2, sopA1, sopA2;
    private static boolean seeded;

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        studyA = uid();
        studyB = uid();
        studyC = uid();
        studyD = uid();
        seriesA = uid();
        seriesB1 = uid();
        seriesB2 = uid();
        sopA1 = uid();
        sopA2 = uid();

        ObjectNode a1 = withUids(Samples.dataset(Samples.CT_SMALL), studyA, seriesA, sopA1);
        set(a1, "00100020", "LO", RUN + "-A");
        set(a1, "00080050", "SH", RUN + "-ACC-A");
        setName(a1, "00080090", "Smith^Anna");
        set(a1, "00081030", "LO", "ChestX100");
        registerNew(a1);
        ObjectNode a2 = a1.deepCopy();
        withUids(a2, studyA, seriesA, sopA2);
        set(a2, "00200013", "IS", 2);
        registerNew(a2);

        ObjectNode b1 = withUids(Samples.dataset(Samples.MR_SMALL), studyB, seriesB1, uid());
        set(b1, "00100020", "LO", RUN + "-B");
        registerNew(b1);
        ObjectNode b2 = withUids(Samples.dataset(Samples.MR_SMALL), studyB, seriesB2, uid());
        set(b2, "00100020", "LO", RUN + "-B");
        set(b2, "00080060", "CS", "SR");
        set(b2, "00200011", "IS", 2);
        set(b2, "00080016", "UI", "1.2.840.10008.5.1.4.1.1.88.11");
        registerNew(b2);

        ObjectNode c = withUids(Samples.dataset(Samples.CHR_FREN), studyC, uid(), uid());
        set(c, "00100020", "LO", RUN + "-C");
        set(c, "00080020", "DA", "20240315");
        set(c, "00080030", "TM", "1430");
        registerNew(c);

        ObjectNode d = withUids(Samples.dataset(Samples.CT_SMALL), studyD, uid(), uid());
        set(d, "00100020", "LO", RUN + "-D");
        setName(d, "00100010", "Bucher^Anne");
        set(d, "00100040", "CS", "F");
        set(d, "00080020", "DA", "20241231");
        set(d, "00080030", "TM", "235959");
        set(d, "0008002A", "DT", "20241231083000");
        set(d, "00081030", "LO", "Chest_100%");
        d.remove("00080050");
        registerNew(d);
        seeded = true;
    }

    // ------------------------------------------------------------------ the six resources

    @Test
    void searchForStudiesReturnsTheDefaultAttributesAsDicomJson() {
        Response r = qido("/studies", Map.of("PatientID", RUN + "-C"));
        assertThat(r.contentType()).startsWith("application/dicom+json");
        List<JsonNode> results = results(r);
        assertThat(results).hasSize(1);
        JsonNode c = results.get(0);
        // PN as an object per Annex F, decoded from ISO_IR 100
        assertThat(c.path("00100010").toString()).isEqualTo("{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Buc^Jérôme\"}]}");
        assertThat(c.path("00080020").toString()).isEqualTo("{\"vr\":\"DA\",\"Value\":[\"20240315\"]}");
        assertThat(c.path("00080030").toString()).isEqualTo("{\"vr\":\"TM\",\"Value\":[\"1430\"]}");
        assertThat(c.path("0020000D").path("Value").path(0).asText()).isEqualTo(studyC);
        assertThat(c.path("00080061").toString()).isEqualTo("{\"vr\":\"CS\",\"Value\":[\"OT\"]}");
        // counts are IS: JSON numbers
        assertThat(c.path("00201206").toString()).isEqualTo("{\"vr\":\"IS\",\"Value\":[1]}");
        assertThat(c.path("00201208").toString()).isEqualTo("{\"vr\":\"IS\",\"Value\":[1]}");
        assertThat(c.path("00080005").path("Value").path(0).asText()).isEqualTo("ISO_IR 100");
        // every default return attribute is there, empty when the study has no value
        JsonNode d = results(qido("/studies", Map.of("PatientID", RUN + "-D"))).get(0);
        assertThat(d.path("00080050").toString()).isEqualTo("{\"vr\":\"SH\"}");
        assertThat(c.has("00100030")).isTrue();
        assertThat(c.has("00200010")).isTrue();
        assertThat(c.has("00080090")).isTrue();
        // not a default of the study level
        assertThat(c.has("00081030")).isFalse();
        assertThat(c.has("00280010")).isFalse();
    }

    @Test
    void searchForStudySeriesSeriesInstancesAndStudyInstances() {
        Response series = qido("/studies/" + studyB + "/series", Map.of());
        assertThat(firstValues(series, "0020000E")).containsExactly(seriesB1, seriesB2);
        assertThat(firstValues(series, "00080060")).containsExactly("MR", "SR");
        JsonNode first = results(series).get(0);
        assertThat(first.path("00200011").toString()).isEqualTo("{\"vr\":\"IS\",\"Value\":[1]}");
        assertThat(first.path("00201209").toString()).isEqualTo("{\"vr\":\"IS\",\"Value\":[1]}");
        assertThat(first.path("0020000D").path("Value").path(0).asText()).isEqualTo(studyB);
        assertThat(first.has("00100010")).as("no study attributes in a study's series").isFalse();

        Response instances = qido("/studies/" + studyA + "/series/" + seriesA + "/instances", Map.of());
        assertThat(firstValues(instances, "00080018")).containsExactly(sopA1, sopA2);
        JsonNode instance = results(instances).get(0);
        assertThat(instance.path("00280010").toString()).isEqualTo("{\"vr\":\"US\",\"Value\":[128]}");
        assertThat(instance.path("00200013").toString()).isEqualTo("{\"vr\":\"IS\",\"Value\":[1]}");
        assertThat(instance.path("00080016").path("Value").path(0).asText()).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(instance.path("0020000E").path("Value").path(0).asText()).isEqualTo(seriesA);
        assertThat(instance.has("00080060")).as("no series attributes in a series' instances").isFalse();

        Response studyInstances = qido("/studies/" + studyB + "/instances", Map.of());
        assertThat(firstValues(studyInstances, "00080060")).as("series attributes too, by series number")
                .containsExactly("MR", "SR");
        assertThat(results(studyInstances).get(0).has("00100010")).isFalse();
    }

    @Test
    void searchesAcrossStudiesAlsoReturnTheStudyAndSeriesAttributes() {
        Response series = qido("/series", Map.of("PatientID", RUN + "-B"));
        assertThat(firstValues(series, "0020000E")).containsExactlyInAnyOrder(seriesB1, seriesB2);
        assertThat(firstValues(series, "00100020")).containsOnly(RUN + "-B");
        assertThat(firstValues(series, "00201208")).as("study counts").containsOnly("2");

        Response instances = qido("/instances", Map.of("PatientID", RUN + "-A"));
        assertThat(firstValues(instances, "00080018")).containsExactlyInAnyOrder(sopA1, sopA2);
        assertThat(firstValues(instances, "00100010")).containsOnly("CompressedSamples^CT1");
        assertThat(firstValues(instances, "00080060")).containsOnly("CT");
        assertThat(firstValues(instances, "00201209")).containsOnly("2");
    }

    @Test
    void aSearchWithinAnUnknownStudyIsEmpty() {
        Response r = qido("/studies/" + uid() + "/series", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo("[]");
    }

    // ------------------------------------------------------------------ matching

    @Test
    void singleValueAndWildcardMatching() {
        assertThat(studies(Map.of("PatientID", RUN + "-A"))).containsExactly(studyA);
        assertThat(studies(Map.of("PatientID", ALL))).containsExactly(studyD, studyC, studyB, studyA);
        assertThat(studies(Map.of("PatientID", RUN + "-?"))).hasSize(4);
        assertThat(studies(Map.of("AccessionNumber", RUN + "-ACC-A"))).containsExactly(studyA);
        assertThat(studies(Map.of("PatientID", ALL, "00080050", "*-ACC-?"))).containsExactly(studyA);
        // universal matching: empty value and *
        assertThat(studies(Map.of("PatientID", ALL, "AccessionNumber", ""))).hasSize(4);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDescription", "*"))).hasSize(4);
        assertThat(studies(Map.of("PatientID", ALL, "PatientSex", "F"))).containsExactly(studyD, studyB);
    }

    @Test
    void sqlLikeCharactersAreLiteral() {
        assertThat(studies(Map.of("PatientID", ALL, "StudyDescription", "Chest_100%"))).containsExactly(studyD);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDescription", "Chest_100*"))).containsExactly(studyD);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDescription", "Chest?100*"))).containsExactly(studyD, studyA);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDescription", "Chest%"))).isEmpty();
        assertThat(studies(Map.of("PatientID", ALL, "StudyDescription", "chest*"))).as("case-sensitive").isEmpty();
    }

    @Test
    void aNulCharacterInAStringKeyIs400NotA500() {
        for (String key : new String[] {"StudyDescription", "PatientID", "PatientName", "AccessionNumber"}) {
            given().auth().oauth2(ADMIN).urlEncodingEnabled(false).queryParam(key, "Chest%00*")
                    .get("/dicomweb/studies").then().statusCode(400);
        }
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).queryParam("PatientID%00", "x")
                .get("/dicomweb/studies").then().statusCode(400);
    }

    @Test
    void uidListMatching() {
        assertThat(studies(Map.of("StudyInstanceUID", studyA + "," + studyB))).containsExactly(studyB, studyA);
        assertThat(studies(Map.of("StudyInstanceUID", studyA + "\\" + studyC))).containsExactly(studyC, studyA);
        assertThat(studies(Map.of("0020000D", studyD))).containsExactly(studyD);
        Response instances = qido("/instances", Map.of("SOPInstanceUID", sopA1 + "," + sopA2,
                "SOPClassUID", "1.2.840.10008.5.1.4.1.1.2"));
        assertThat(firstValues(instances, "00080018")).containsExactlyInAnyOrder(sopA1, sopA2);
        assertProblem(qido("/studies", Map.of("StudyInstanceUID", "1.2.*")), "StudyInstanceUID");
    }

    @Test
    void personNamesMatchCaseInsensitively() {
        assertThat(studies(Map.of("PatientID", ALL, "PatientName", "buc^jérôme"))).containsExactly(studyC);
        assertThat(studies(Map.of("PatientID", ALL, "PatientName", "BUC*"))).containsExactly(studyD, studyC);
        assertThat(studies(Map.of("PatientID", ALL, "PatientName", "bucher^a*"))).containsExactly(studyD);
        assertThat(studies(Map.of("PatientID", ALL, "PatientName", "buc"))).as("literal: the whole name").isEmpty();
        assertThat(studies(Map.of("PatientID", ALL, "PatientName", "buc^jerome"))).as("accents count").isEmpty();
        assertThat(studies(Map.of("PatientID", ALL, "ReferringPhysicianName", "SMITH^*"))).containsExactly(studyA);
    }

    @Test
    void fuzzyPersonNameMatchingIgnoresAccentsAndMatchesWordPrefixes() {
        Map<String, String> fuzzy = Map.of("PatientID", ALL, "fuzzymatching", "true");
        assertThat(studies(with(fuzzy, "PatientName", "jerome"))).containsExactly(studyC);
        assertThat(studies(with(fuzzy, "PatientName", "JÉR"))).containsExactly(studyC);
        assertThat(studies(with(fuzzy, "PatientName", "bu"))).containsExactly(studyD, studyC);
        assertThat(studies(with(fuzzy, "PatientName", "anne bu*"))).containsExactly(studyD);
        assertThat(studies(with(fuzzy, "PatientName", "Buc^Jérôme"))).containsExactly(studyC);
        assertThat(studies(with(fuzzy, "PatientName", "rome"))).as("prefixes of words only").isEmpty();
        assertThat(studies(with(fuzzy, "ReferringPhysicianName", "ann"))).containsExactly(studyA);
        // wildcards inside words: matched against the words (not index-assisted)
        assertThat(studies(with(fuzzy, "PatientName", "j?rome"))).containsExactly(studyC);
        assertThat(studies(with(fuzzy, "PatientName", "*ero*"))).containsExactly(studyC);
        assertThat(studies(with(fuzzy, "PatientName", "*ucher an"))).containsExactly(studyD);
        assertThat(studies(with(fuzzy, "PatientName", "*ucher jer"))).isEmpty();
    }

    @Test
    void dateAndTimeRanges() {
        assertThat(studies(Map.of("PatientID", ALL, "StudyDate", "20040119"))).containsExactly(studyA);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDate", "20040101-20041231"))).containsExactly(studyB, studyA);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDate", "-20041231"))).containsExactly(studyB, studyA);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDate", "20240101-"))).containsExactly(studyD, studyC);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDate", "20241231-20241231"))).containsExactly(studyD);
        assertThat(studies(Map.of("PatientID", ALL, "StudyTime", "0700-0800"))).containsExactly(studyA);
        assertThat(studies(Map.of("PatientID", ALL, "StudyTime", "14"))).containsExactly(studyC);
        assertThat(studies(Map.of("PatientID", ALL, "StudyTime", "2359-"))).containsExactly(studyD);
        assertThat(studies(Map.of("PatientID", ALL, "StudyDate", "20240101-", "StudyTime", "-1500")))
                .containsExactly(studyC);
        Response byDateTime = qido("/instances", Map.of("PatientID", ALL, "AcquisitionDateTime", "20241231"));
        assertThat(firstValues(byDateTime, "0020000D")).containsExactly(studyD);
        assertThat(firstValues(qido("/instances", Map.of("PatientID", ALL, "AcquisitionDateTime", "202412310830-")),
                "0020000D")).containsExactly(studyD);
        assertThat(results(qido("/instances", Map.of("PatientID", ALL, "AcquisitionDateTime", "-2024123107")))).isEmpty();

        assertProblem(qido("/studies", Map.of("StudyDate", "2024-01-01")), "StudyDate");
        assertProblem(qido("/studies", Map.of("StudyDate", "20241301")), "StudyDate");
        assertProblem(qido("/studies", Map.of("StudyDate", "2024*")), "StudyDate");
        assertProblem(qido("/studies", Map.of("StudyTime", "2500")), "StudyTime");
        assertProblem(qido("/instances", Map.of("AcquisitionDateTime", "20241231083000+0100")), "AcquisitionDateTime");
    }

    @Test
    void modalitiesInStudyMatchesAnySeries() {
        assertThat(studies(Map.of("PatientID", ALL, "ModalitiesInStudy", "SR"))).containsExactly(studyB);
        assertThat(studies(Map.of("PatientID", ALL, "ModalitiesInStudy", "MR"))).containsExactly(studyB);
        assertThat(studies(Map.of("PatientID", ALL, "ModalitiesInStudy", "CT,OT"))).containsExactly(studyD, studyC, studyA);
        assertThat(studies(Map.of("PatientID", ALL, "00080061", "OT\\SR"))).containsExactly(studyC, studyB);
        Response b = qido("/studies", Map.of("PatientID", RUN + "-B"));
        assertThat(results(b).get(0).path("00080061").toString()).isEqualTo("{\"vr\":\"CS\",\"Value\":[\"MR\",\"SR\"]}");
        Response series = qido("/series", Map.of("PatientID", ALL, "Modality", "SR"));
        assertThat(firstValues(series, "0020000E")).containsExactly(seriesB2);
        Response bySeriesNumber = qido("/studies/" + studyB + "/series", Map.of("SeriesNumber", "2"));
        assertThat(firstValues(bySeriesNumber, "0020000E")).containsExactly(seriesB2);
        Response byInstanceNumber = qido("/studies/" + studyA + "/instances", Map.of("InstanceNumber", "2"));
        assertThat(firstValues(byInstanceNumber, "00080018")).containsExactly(sopA2);
    }

    // ------------------------------------------------------------------ returned attributes

    @Test
    void includefieldAddsAttributes() {
        JsonNode a = results(qido("/studies", Map.of("PatientID", RUN + "-A",
                "includefield", "StudyDescription,00101010"))).get(0);
        assertThat(a.path("00081030").path("Value").path(0).asText()).isEqualTo("ChestX100");
        assertThat(a.has("00101010")).isTrue();
        // repeated includefield; an attribute below the searched level is returned empty
        Response repeated = given().auth().oauth2(ADMIN).queryParam("PatientID", RUN + "-A")
                .queryParam("includefield", "StudyDescription").queryParam("includefield", "Modality")
                .get("/dicomweb/studies");
        JsonNode r = results(repeated).get(0);
        assertThat(r.has("00081030")).isTrue();
        assertThat(r.path("00080060").toString()).isEqualTo("{\"vr\":\"CS\"}");
        // instance attributes by tag
        JsonNode instance = results(qido("/studies/" + studyA + "/series/" + seriesA + "/instances",
                Map.of("includefield", "00200032"))).get(0);
        assertThat(instance.path("00200032").path("vr").asText()).isEqualTo("DS");
        assertThat(instance.path("00200032").path("Value").path(0).isNumber()).isTrue();
    }

    @Test
    void includefieldAllReturnsEverythingKeptAtTheLevel() {
        JsonNode study = results(qido("/studies", Map.of("PatientID", RUN + "-A", "includefield", "all"))).get(0);
        assertThat(study.has("00081030")).isTrue();
        assertThat(study.has("00201208")).isTrue();
        assertThat(study.has("00080060")).as("series attribute").isFalse();
        assertThat(study.has("00280010")).as("instance attribute").isFalse();

        JsonNode instance = results(qido("/studies/" + studyA + "/series/" + seriesA + "/instances",
                Map.of("includefield", "all", "InstanceNumber", "1"))).get(0);
        ObjectNode registered = withUids(Samples.dataset(Samples.CT_SMALL), studyA, seriesA, sopA1);
        // every attribute of the registered data set
        registered.fieldNames().forEachRemaining(tag -> assertThat(instance.has(tag)).as(tag).isTrue());
        assertThat(instance.path("00200032")).isEqualTo(registered.path("00200032"));
    }

    // ------------------------------------------------------------------ paging

    @Test
    void limitAndOffsetPageThroughNewestFirst() {
        assertThat(studies(Map.of("PatientID", ALL, "limit", "2"))).containsExactly(studyD, studyC);
        assertThat(studies(Map.of("PatientID", ALL, "limit", "2", "offset", "2"))).containsExactly(studyB, studyA);
        Response past = qido("/studies", Map.of("PatientID", ALL, "offset", "4"));
        assertThat(past.statusCode()).isEqualTo(200);
        assertThat(past.asString()).isEqualTo("[]");
        assertThat(past.header("Warning")).isNull();
        assertProblem(qido("/studies", Map.of("limit", "1001")), "limit");
        assertProblem(qido("/studies", Map.of("limit", "0")), "limit");
        assertProblem(qido("/studies", Map.of("offset", "-1")), "offset");
    }

    @Test
    void moreResultsThanTheDefaultLimitAreAnnouncedWithAWarning() {
        String study = uid();
        String series = uid();
        ObjectNode template = withUids(Samples.dataset(Samples.MR_SMALL), study, series, uid());
        set(template, "00100020", "LO", "MANY-" + RUN); // not one of RUN-*
        for (int i = 1; i <= 101; i++) {
            ObjectNode ds = template.deepCopy();
            set(ds, "00080018", "UI", uid());
            set(ds, "00200013", "IS", i);
            registerNew(ds);
        }
        Response defaultLimit = qido("/studies/" + study + "/series/" + series + "/instances", Map.of());
        assertThat(results(defaultLimit)).hasSize(100);
        assertThat(defaultLimit.header("Warning")).startsWith("299 ");
        assertThat(firstValues(defaultLimit, "00200013").get(99)).isEqualTo("100");
        Response all = qido("/studies/" + study + "/series/" + series + "/instances", Map.of("limit", "200"));
        assertThat(results(all)).hasSize(101);
        assertThat(all.header("Warning")).isNull();
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void unknownOrUnsupportedParametersAreRefusedByName() {
        assertProblem(qido("/studies", Map.of("foo", "bar")), "\"foo\"");
        assertProblem(qido("/studies", Map.of("PatientAge", "030Y")), "PatientAge");
        assertProblem(qido("/studies", Map.of("Modality", "CT")), "Modality");
        assertProblem(qido("/series", Map.of("SOPClassUID", "1.2.3")), "SOPClassUID");
        assertProblem(qido("/studies", Map.of("00400275.00401001", "X")), "00400275.00401001");
        assertProblem(qido("/studies", Map.of("includefield", "NoSuchKeyword")), "NoSuchKeyword");
        assertProblem(qido("/studies", Map.of("fuzzymatching", "yes")), "fuzzymatching");
        assertProblem(qido("/studies", Map.of("PatientName", "Yamada^Tarou=山田^太郎")), "PatientName");
        assertProblem(qido("/studies", Map.of("SeriesNumber", "x")), "SeriesNumber");
        Response twice = given().auth().oauth2(ADMIN).queryParam("PatientID", "a").queryParam("PatientID", "b")
                .get("/dicomweb/studies");
        assertProblem(twice, "PatientID");
        Response sameByTag = given().auth().oauth2(ADMIN).queryParam("PatientID", "a").queryParam("00100020", "b")
                .get("/dicomweb/studies");
        assertProblem(sameByTag, "PatientID");
        assertProblem(qido("/studies/1.02/series", Map.of()), "not a valid UID");
    }

    @Test
    void searchesNeedASignedInPersonAndFindOnlyWhatTheyMaySee() {
        given().get("/dicomweb/studies").then().statusCode(401);
        given().auth().oauth2(TestTokens.issue("gw", "ingest")).get("/dicomweb/studies").then().statusCode(403);
        // a practitioner who prescribed none of this class's studies finds none of them
        Response practitioner = given().auth().oauth2(TestTokens.issue("doc-1", "practitioner"))
                .queryParam("PatientID", RUN + "-*").get("/dicomweb/series");
        assertThat(practitioner.statusCode()).isEqualTo(200);
        assertThat(results(practitioner)).isEmpty();
        assertThat(results(qido("/series", Map.of("PatientID", RUN + "-*")))).as("an administrator does").isNotEmpty();
    }

    @Test
    void mediaTypes() {
        Response json = given().auth().oauth2(ADMIN).accept("application/json").queryParam("PatientID", RUN + "-A")
                .get("/dicomweb/studies");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        Response any = given().auth().oauth2(ADMIN).accept("*/*").queryParam("PatientID", RUN + "-A")
                .get("/dicomweb/studies");
        assertThat(any.contentType()).startsWith("application/dicom+json");
        Response xml = given().auth().oauth2(ADMIN).accept("multipart/related; type=\"application/dicom+xml\"")
                .get("/dicomweb/studies");
        assertThat(xml.statusCode()).isEqualTo(406);
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> studies(Map<String, String> query) {
        return firstValues(qido("/studies", query), "0020000D");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> query = new LinkedHashMap<>(base);
        query.put(key, value);
        return query;
    }

    private static void assertProblem(Response r, String mentioned) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).startsWith("urn:iris:problem:");
        assertThat(r.jsonPath().getString("detail")).contains(mentioned);
    }
}

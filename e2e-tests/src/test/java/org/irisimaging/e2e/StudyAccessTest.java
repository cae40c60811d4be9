package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees which study on the running platform (ADR 0013), signed in as the demo accounts through
 * the dev sign-in. Two studies are pushed with storescu from STORESCU (establishment 750000001):
 * P names the demo prescriber (Dr Claire Martin, RPPS 10000000011) in its Referring Physician
 * Identification Sequence, O names another practitioner. For O, the prescriber is neither its
 * prescriber nor the establishment's staff (a practitioner, not its site admin): every DICOMweb
 * path answers her exactly as for a study that does not exist, while the site admin is served.
 * Also: the demo studies loaded by run.sh, and the prescriber's list (my patients).
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyAccessTest {

    private static final String GATEWAY = RunningPlatform.GATEWAY;
    private static final String DICOM_JSON = "application/dicom+json";
    private static final String DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static final String OCTETS = "multipart/related; type=\"application/octet-stream\"";
    /** The demo prescriber's RPPS number (her idNat_PS is 8 + RPPS: 810000000011). */
    private static final String PRESCRIBER_RPPS = "10000000011";

    private RunningPlatform platform;
    private String prescriber;
    private String siteAdmin;
    private String platformAdmin;
    private Study prescribed;
    private Study other;

    private record Study(String study, String series, String instance) {
    }

    @BeforeAll
    void pushTwoStudiesAndSignIn() throws Exception {
        platform = PlatformExtension.platform();
        prescriber = platform.devSignIn("prescriber");
        siteAdmin = platform.devSignIn("site-admin");
        platformAdmin = platform.devSignIn("platform-admin");
        Path ct = SampleFiles.pydicom("CT_small.dcm");
        prescribed = push(ct, "E2E-ACCESS-P", "ACCESS^Prescribed", "E2E-P", "RPPS", PRESCRIBER_RPPS);
        other = push(ct, "E2E-ACCESS-O", "ACCESS^Other", "E2E-O", "IDNPS", "810000000099");
    }

    @Test
    void aPractitionerWhoIsNeitherPrescriberNorStaffGets404OnEveryPathExactlyAsForAnAbsentStudy() throws Exception {
        Study absent = new Study(uid(), other.series, other.instance);
        List<Map.Entry<String, String>> hidden = List.copyOf(retrievals(other).entrySet());
        List<String> missing = List.copyOf(retrievals(absent).keySet());
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            String path = hidden.get(i).getKey();
            String accept = hidden.get(i).getValue();
            HttpResponse<byte[]> refused = get(path, accept, prescriber);
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(problem(refused)).as("same answer as for an absent study: " + path)
                    .isEqualTo(problem(get(missing.get(i), accept, prescriber)));
            // the path itself works: the establishment's site admin is served
            assertThat(get(path, accept, siteAdmin).statusCode()).as("site admin " + path).isEqualTo(200);
            checked.add(path);
        }
        assertThat(checked).hasSize(16);

        for (Map.Entry<String, String> search : searches(other).entrySet()) {
            HttpResponse<byte[]> found = get(search.getKey(), DICOM_JSON, prescriber);
            assertThat(found.statusCode()).as(search.getKey()).isEqualTo(200);
            assertThat(json(found).size()).as("not listed: " + search.getKey()).isZero();
            assertThat(json(get(search.getValue(), DICOM_JSON, prescriber)).size()).as(search.getValue()).isZero();
            assertThat(json(get(search.getKey(), DICOM_JSON, siteAdmin)).size()).as("site admin " + search.getKey())
                    .isPositive();
        }
        assertThat(studyUids(get("/studies?limit=1000", DICOM_JSON, prescriber))).doesNotContain(other.study)
                .contains(prescribed.study);
    }

    @Test
    void thePrescriberIsServedTheStudyThatNamesHerOnEveryPath() throws Exception {
        for (Map.Entry<String, String> path : retrievals(prescribed).entrySet()) {
            assertThat(get(path.getKey(), path.getValue(), prescriber).statusCode()).as(path.getKey()).isEqualTo(200);
        }
        for (String search : searches(prescribed).keySet()) {
            assertThat(json(get(search, DICOM_JSON, prescriber)).size()).as(search).isPositive();
        }
    }

    @Test
    void theDemoPrescriberSeesOnlyHerStudiesAndTheDemoSiteAdminTheSites() throws Exception {
        String demo = "/studies?AccessionNumber=DEMO-*&includefield=00080096";
        assertThat(accessionNumbers(get(demo, DICOM_JSON, prescriber))).containsExactly("DEMO-1");
        assertThat(accessionNumbers(get(demo, DICOM_JSON, siteAdmin)))
                .containsExactlyInAnyOrder("DEMO-1", "DEMO-2", "DEMO-3");
        assertThat(accessionNumbers(get(demo, DICOM_JSON, platformAdmin)))
                .containsExactlyInAnyOrder("DEMO-1", "DEMO-2", "DEMO-3");

        // every study she finds names her by identifier; DEMO-3 names her by name only
        JsonNode hers = json(get("/studies?limit=1000&includefield=00080096", DICOM_JSON, prescriber));
        assertThat(hers.size()).isPositive();
        for (JsonNode study : hers) {
            assertThat(study.path("00080096").toString()).as(study.path("0020000D").toString())
                    .containsAnyOf("\"" + PRESCRIBER_RPPS + "\"", "\"8" + PRESCRIBER_RPPS + "\"");
        }
        // the site admin finds every study of the establishment: all of this platform's sources belong to it
        assertThat(studyUids(get("/studies?limit=1000", DICOM_JSON, siteAdmin)))
                .containsExactlyInAnyOrderElementsOf(studyUids(get("/studies?limit=1000", DICOM_JSON, platformAdmin)))
                .contains(prescribed.study, other.study);
    }

    @Test
    void myPatientsListsThePrescribersPatientsWithWhatSheHasNotOpened() throws Exception {
        JsonNode list = myPatients(prescriber);
        List<String> patients = new ArrayList<>();
        list.path("patients").forEach(p -> patients.add(p.path("patientID").asText()));
        assertThat(patients).contains("IRIS-DEMO-1", "E2E-ACCESS-P")
                .doesNotContain("IRIS-DEMO-2", "IRIS-DEMO-3", "E2E-ACCESS-O");
        JsonNode demo = patient(list, "IRIS-DEMO-1");
        assertThat(demo.path("patientName").asText()).isEqualTo("DEMO^Alice");
        assertThat(demo.path("patientBirthDate").asText()).isEqualTo("1958-04-12");
        // the CT and its reports (a text SR and a PDF)
        List<String> modalities = new ArrayList<>();
        demo.path("modalitiesInStudy").forEach(m -> modalities.add(m.asText()));
        assertThat(modalities).containsExactlyInAnyOrder("CT", "SR", "DOC");
        assertThat(demo.path("studyDescription").asText()).isEqualTo("CT thorax (demo)");

        // a study she has not opened yet (the demo study may have been opened by the browser tests)
        Study fresh = push(SampleFiles.pydicom("CT_small.dcm"), "E2E-ACCESS-U", "ACCESS^Unread", "E2E-U", "RPPS",
                PRESCRIBER_RPPS);
        assertThat(patient(myPatients(prescriber), "E2E-ACCESS-U").path("unread").asBoolean()).as("not opened yet")
                .isTrue();
        // she opens it in a viewer: the viewer retrieves its metadata through the gateway
        assertThat(get("/studies/" + fresh.study + "/metadata", DICOM_JSON, prescriber).statusCode()).isEqualTo(200);
        assertThat(patient(myPatients(prescriber), "E2E-ACCESS-U").path("unread").asBoolean()).isFalse();

        // the site admin sees DEMO-2 as staff, but it is not in his list: he did not prescribe it
        List<String> his = new ArrayList<>();
        myPatients(siteAdmin).path("patients").forEach(p -> his.add(p.path("patientID").asText()));
        assertThat(his).doesNotContain("IRIS-DEMO-1", "IRIS-DEMO-2", "IRIS-DEMO-3");
        HttpResponse<String> admin = platform.get(RunningPlatform.STUDY_INDEX + "/api/my-patients", platformAdmin);
        assertThat(admin.statusCode()).as("a platform administrator is no prescriber").isEqualTo(403);
    }

    // --- the paths ---

    /** Every retrieval path of a study's instance, with the Accept it is asked with. */
    private static Map<String, String> retrievals(Study s) {
        String instance = "/studies/" + s.study + "/series/" + s.series + "/instances/" + s.instance;
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/studies/" + s.study + "/metadata", DICOM_JSON);
        paths.put("/studies/" + s.study + "/series/" + s.series + "/metadata", DICOM_JSON);
        paths.put(instance + "/metadata", DICOM_JSON);
        paths.put("/studies/" + s.study, DICOM);
        paths.put("/studies/" + s.study + "/series/" + s.series, DICOM);
        paths.put(instance, DICOM);
        paths.put(instance + "/frames/1", OCTETS);
        paths.put(instance + "/rendered", "image/jpeg");
        paths.put(instance + "/frames/1/rendered", "image/png");
        paths.put(instance + "/thumbnail", "image/jpeg");
        paths.put(instance + "/bulkdata/7FE00010", OCTETS);
        paths.put("/studies/" + s.study + "/series/" + s.series + "/rendered", "application/zip");
        paths.put("/studies/" + s.study + "/series/" + s.series + "/rendered?quality=80",
                "multipart/related; type=\"image/jpeg\"");
        String wado = "/wado?requestType=WADO&studyUID=" + s.study + "&seriesUID=" + s.series + "&objectUID=" + s.instance;
        paths.put(wado + "&contentType=application/dicom", "*/*");
        paths.put(wado + "&contentType=image/jpeg", "*/*");
        paths.put(wado, "*/*");
        return paths;
    }

    /** The six QIDO-RS searches narrowed to the study, each with the same search for an absent study. */
    private static Map<String, String> searches(Study s) {
        String absent = uid();
        Map<String, String> searches = new LinkedHashMap<>();
        searches.put("/studies?StudyInstanceUID=" + s.study, "/studies?StudyInstanceUID=" + absent);
        searches.put("/studies/" + s.study + "/series", "/studies/" + absent + "/series");
        searches.put("/series?StudyInstanceUID=" + s.study, "/series?StudyInstanceUID=" + absent);
        searches.put("/studies/" + s.study + "/series/" + s.series + "/instances",
                "/studies/" + absent + "/series/" + s.series + "/instances");
        searches.put("/studies/" + s.study + "/instances", "/studies/" + absent + "/instances");
        searches.put("/instances?SOPInstanceUID=" + s.instance, "/instances?SOPInstanceUID=" + uid());
        return searches;
    }

    // --- helpers ---


    /** Writes a copy of {@code source} with new UIDs naming that referring physician, and stores it with storescu. */
    private Study push(Path source, String patientID, String name, String accession, String scheme, String code)
            throws Exception {
        Study s = new Study(uid(), uid(), uid());
        Path file = SampleFiles.copy(source, new SampleFiles.Copy(s.study, s.series, s.instance, patientID, name,
                accession, "20250101", scheme, code));
        RunningPlatform.runTool("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112", file.toString());
        return s;
    }


    private HttpResponse<byte[]> get(String path, String accept, String token) throws IOException, InterruptedException {
        return platform.send(HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build());
    }

    private JsonNode myPatients(String token) throws Exception {
        HttpResponse<String> response = platform.get(RunningPlatform.STUDY_INDEX + "/api/my-patients?limit=500", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return platform.readJson(response);
    }

    private static JsonNode patient(JsonNode list, String patientID) {
        for (JsonNode p : list.path("patients")) {
            if (p.path("patientID").asText().equals(patientID)) {
                return p;
            }
        }
        throw new AssertionError(patientID + " not in " + list);
    }

    private JsonNode json(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return platform.json.readTree(response.body());
    }

    /** The problem document without {@code instance} (the request path, which differs by UID). */
    private JsonNode problem(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        ObjectNode problem = (ObjectNode) platform.json.readTree(response.body());
        problem.remove("instance");
        return problem;
    }

    private List<String> studyUids(HttpResponse<byte[]> response) throws IOException {
        List<String> uids = new ArrayList<>();
        json(response).forEach(s -> uids.add(s.path("0020000D").path("Value").path(0).asText()));
        return uids;
    }

    private List<String> accessionNumbers(HttpResponse<byte[]> response) throws IOException {
        List<String> numbers = new ArrayList<>();
        json(response).forEach(s -> numbers.add(s.path("00080050").path("Value").path(0).asText()));
        return numbers;
    }

    /** A new UID under the UUID-derived root 2.25 (PS3.5 B.2). */
    private static String uid() {
        UUID u = UUID.randomUUID();
        return "2.25." + new BigInteger(1, HexFormat.of().parseHex(u.toString().replace("-", "")));
    }
}

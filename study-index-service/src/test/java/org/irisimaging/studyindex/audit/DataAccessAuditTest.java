package org.irisimaging.studyindex.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.set;
import static org.irisimaging.studyindex.Samples.setReferringPhysicianIds;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/**
 * Every data access lands in the audit log through {@link DataAccessAudit}: searches (one line per
 * study found, and one for a search that found nothing), metadata, file locations for retrieval and
 * for rendered images, refused accesses; identical accesses fold into one line; administrators list
 * the accesses per study and per patient (site administrators only their establishments'), as Iris
 * JSON, FHIR AuditEvent and DICOM audit messages.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class DataAccessAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Random RANDOM = new Random();
    private static final String DR_AUDIT = "8" + String.format("%011d", RANDOM.nextLong(100_000_000_000L));
    private static final String PATIENT = "AUD" + Integer.toString(RANDOM.nextInt(1 << 30), 36).toUpperCase();
    private static final String ISSUER = "HOSP-A";
    /** The prescriber of the study; each test uses its own subject so its lines are its own. */
    private static final Map<String, Object> PRESCRIBER_CLAIMS = Map.of("idnat_ps", DR_AUDIT,
            "establishments", List.of("750000001"), "azp", "iris-viewer");
    private static final String SITE_ADMIN_750 = TestTokens.issue("audit-admin-750",
            Map.of("establishments", List.of("750000001")), "site-admin");
    private static final String SITE_ADMIN_690 = TestTokens.issue("audit-admin-690",
            Map.of("establishments", List.of("690000002")), "site-admin");

    private static String study;
    private static String series;
    private static String sop;

    @BeforeEach
    void seed() {
        if (study != null) {
            return;
        }
        study = uid();
        series = uid();
        sop = uid();
        ObjectNode ds = withUids(Samples.dataset(Samples.CT_SMALL), study, series, sop);
        set(ds, "00100020", "LO", PATIENT);
        set(ds, "00100021", "LO", ISSUER);
        setReferringPhysicianIds(ds, "RPPS", DR_AUDIT.substring(1));
        Response r = register(Samples.request(ds, "DIMSE", "STORESCU"));
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
    }

    /** The gateway's own token, which vouches for the endpoint and address it forwards. */
    private static final String GATEWAY_TOKEN_HEADER = "X-Iris-Gateway-Token";
    private static final String GATEWAY_TOKEN = TestTokens.issue("dicomweb-gateway", "ingest");

    @Test
    void forwardedHeadersCountOnlyWhenTheGatewayVouchesForThem() throws Exception {
        String token = prescriber("audit-forger");
        String[] notTheGateway = {null, token, TestTokens.forged("dicomweb-gateway", "ingest"),
                TestTokens.issue("another-client", "ingest")};
        for (String proof : notTheGateway) {
            var request = given().auth().oauth2(token).header("X-Iris-Endpoint", "GET /forged")
                    .header("X-Forwarded-For", "203.0.113.66");
            if (proof != null) {
                request.header(GATEWAY_TOKEN_HEADER, proof);
            }
            request.queryParam("PatientID", PATIENT).get("/dicomweb/studies").then().statusCode(200);
        }
        List<JsonNode> lines = linesOf("audit-forger");
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("endpoint").asText()).startsWith("GET /dicomweb/studies?PatientID=");
            assertThat(line.path("remoteAddress").asText()).isNotEqualTo("203.0.113.66");
        });
    }

    @Test
    void aNulCharacterInAnAuditFilterIs400NotA500() {
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).queryParam("patientId", "P%00")
                .get("/api/audit/accesses").then().statusCode(400);
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).queryParam("subject", "a%00b")
                .get("/api/audit/sign-ins").then().statusCode(400);
    }

    private static String prescriber(String subject) {
        return TestTokens.issue(subject, PRESCRIBER_CLAIMS, "practitioner");
    }

    @Test
    void searchesAreRecordedPerStudyFoundAndWhenNothingIsFound() throws Exception {
        String token = prescriber("audit-search");
        given().auth().oauth2(token).header(GATEWAY_TOKEN_HEADER, GATEWAY_TOKEN).header("X-Iris-Endpoint", "GET /dicomweb/studies?PatientID=" + PATIENT)
                .header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
                .queryParam("PatientID", PATIENT).get("/dicomweb/studies").then().statusCode(200);
        given().auth().oauth2(token).queryParam("PatientID", "NOBODY-" + PATIENT).get("/dicomweb/studies")
                .then().statusCode(200);

        List<JsonNode> lines = linesOf("audit-search");
        assertThat(lines).hasSize(2);
        JsonNode found = lines.stream().filter(l -> !l.path("studyInstanceUID").isNull()).findFirst().orElseThrow();
        assertThat(found.path("action").asText()).isEqualTo("query");
        assertThat(found.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(found.path("studyInstanceUID").asText()).isEqualTo(study);
        assertThat(found.path("patientId").asText()).isEqualTo(PATIENT);
        assertThat(found.path("issuerOfPatientId").asText()).isEqualTo(ISSUER);
        assertThat(found.path("clientId").asText()).isEqualTo("iris-viewer");
        assertThat(found.path("remoteAddress").asText()).isEqualTo("203.0.113.7");
        assertThat(found.path("endpoint").asText()).isEqualTo("GET /dicomweb/studies?PatientID=" + PATIENT);
        JsonNode empty = lines.stream().filter(l -> l.path("studyInstanceUID").isNull()).findFirst().orElseThrow();
        assertThat(empty.path("endpoint").asText()).startsWith("GET /dicomweb/studies?PatientID=NOBODY-");
    }

    @Test
    void metadataRetrievalAndRenderedAreRecordedAndRepeatsFold() throws Exception {
        String token = prescriber("audit-viewer");
        given().auth().oauth2(token).get("/dicomweb/studies/" + study + "/metadata").then().statusCode(200);
        String frame = "/api/locations/studies/" + study + "/series/" + series + "/instances/" + sop;
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token)
                    .header(GATEWAY_TOKEN_HEADER, GATEWAY_TOKEN).header("X-Iris-Endpoint", "GET /dicomweb/studies/" + study + "/series/" + series + "/instances/"
                            + sop + "/frames/1")
                    .get(frame).then().statusCode(200);
        }
        given().auth().oauth2(token)
                .header(GATEWAY_TOKEN_HEADER, GATEWAY_TOKEN).header("X-Iris-Endpoint", "GET /dicomweb/studies/" + study + "/series/" + series + "/instances/"
                        + sop + "/thumbnail")
                .get(frame).then().statusCode(200);

        List<JsonNode> lines = linesOf("audit-viewer");
        assertThat(lines).extracting(l -> l.path("action").asText())
                .containsExactlyInAnyOrder("metadata", "retrieve", "rendered");
        JsonNode retrieve = lines.stream().filter(l -> l.path("action").asText().equals("retrieve")).findFirst()
                .orElseThrow();
        assertThat(retrieve.path("repeatCount").asInt()).isEqualTo(3);
        assertThat(retrieve.path("lastOccurredAt").isNull()).isFalse();
        assertThat(lines).allSatisfy(l -> assertThat(l.path("patientId").asText()).isEqualTo(PATIENT));
    }

    @Test
    void refusedAccessesAreRecordedAsFailures() throws Exception {
        String stranger = TestTokens.issue("audit-stranger", Map.of("idnat_ps", "899999999999",
                "establishments", List.of("690000002")), "practitioner");
        given().auth().oauth2(stranger).get("/dicomweb/studies/" + study + "/metadata").then().statusCode(404);
        given().auth().oauth2(stranger).get("/api/locations/studies/" + study).then().statusCode(404);

        List<JsonNode> lines = linesOf("audit-stranger");
        assertThat(lines).hasSize(2).allSatisfy(l -> {
            assertThat(l.path("outcome").asText()).isEqualTo("FAILED");
            assertThat(l.path("studyInstanceUID").asText()).isEqualTo(study);
        });
    }

    @Test
    void accessesAreListedPerPatientForTheSitesAdministratorsOnly() throws Exception {
        given().auth().oauth2(prescriber("audit-patient")).get("/dicomweb/studies/" + study + "/metadata")
                .then().statusCode(200);

        List<JsonNode> forAdmin = list(SITE_ADMIN_750, Map.of("patientId", PATIENT, "issuerOfPatientId", ISSUER));
        assertThat(forAdmin).anySatisfy(l -> assertThat(l.path("actor").asText()).isEqualTo("audit-patient"));
        assertThat(list(SITE_ADMIN_690, Map.of("patientId", PATIENT))).isEmpty();
        assertThat(list(SITE_ADMIN_690, Map.of("study", study))).isEmpty();
        assertThat(list(ADMIN, Map.of("patientId", PATIENT, "issuerOfPatientId", "OTHER"))).isEmpty();

        given().auth().oauth2(prescriber("audit-nosy")).queryParam("study", study).get("/api/audit/accesses")
                .then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/audit/accesses").then().statusCode(400);
        given().auth().oauth2(ADMIN).queryParam("study", "1.2.x").get("/api/audit/accesses").then().statusCode(400);
    }

    @Test
    void accessesExportAsFhirAuditEventsAndDicomAuditMessages() throws Exception {
        given().auth().oauth2(prescriber("audit-export")).header(GATEWAY_TOKEN_HEADER, GATEWAY_TOKEN)
                .header("X-Forwarded-For", "198.51.100.4")
                .get("/dicomweb/studies/" + study + "/metadata").then().statusCode(200);
        JsonNode line = linesOf("audit-export").getFirst();

        Response fhir = given().auth().oauth2(ADMIN).accept(FhirAuditEvents.MEDIA_TYPE).queryParam("study", study)
                .get("/api/audit/accesses");
        assertThat(fhir.contentType()).startsWith(FhirAuditEvents.MEDIA_TYPE);
        JsonNode bundle = JSON.readTree(fhir.asString());
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        JsonNode event = null;
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.path("resource").path("id").asText().equals(line.path("id").asText())) {
                event = entry.path("resource");
            }
        }
        assertThat(event).as("the line in the bundle").isNotNull();
        assertThat(event.path("resourceType").asText()).isEqualTo("AuditEvent");
        assertThat(event.path("type").path("code").asText()).isEqualTo("110103");
        assertThat(event.path("type").path("system").asText()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(event.path("action").asText()).isEqualTo("R");
        assertThat(event.path("outcome").asText()).isEqualTo("0");
        assertThat(event.path("agent").get(0).path("who").path("identifier").path("value").asText())
                .isEqualTo("audit-export");
        assertThat(event.path("agent").get(0).path("network").path("address").asText()).isEqualTo("198.51.100.4");
        assertThat(event.path("entity").get(0).path("what").path("identifier").path("value").asText())
                .isEqualTo("urn:oid:" + study);
        assertThat(event.path("entity").get(1).path("role").path("code").asText()).isEqualTo("1");

        String xml = given().auth().oauth2(ADMIN).accept("application/xml")
                .get("/api/audit/events/" + line.path("id").asText()).then().statusCode(200).extract().asString();
        Document message = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element identification = (Element) message.getElementsByTagName("EventIdentification").item(0);
        assertThat(identification.getAttribute("EventActionCode")).isEqualTo("R");
        assertThat(identification.getAttribute("EventOutcomeIndicator")).isEqualTo("0");
        assertThat(((Element) message.getElementsByTagName("EventID").item(0)).getAttribute("csd-code"))
                .isEqualTo("110103");
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < message.getElementsByTagName("ParticipantObjectIdentification").getLength(); i++) {
            objects.add(((Element) message.getElementsByTagName("ParticipantObjectIdentification").item(i))
                    .getAttribute("ParticipantObjectID"));
        }
        assertThat(objects).containsExactly(study, PATIENT + "^^^" + ISSUER);
        assertThat(((Element) message.getElementsByTagName("ActiveParticipant").item(0)).getAttribute("UserID"))
                .isEqualTo("audit-export");

        // a site administrator of another establishment cannot read the line
        given().auth().oauth2(SITE_ADMIN_690).get("/api/audit/events/" + line.path("id").asText())
                .then().statusCode(404);
    }

    @Test
    void aSearchExportsWithItsQuery() throws Exception {
        given().auth().oauth2(prescriber("audit-query")).header(GATEWAY_TOKEN_HEADER, GATEWAY_TOKEN).header("X-Iris-Endpoint", "GET /dicomweb/studies?PatientID=X*")
                .queryParam("PatientID", "ZZZ-NONE-" + PATIENT).get("/dicomweb/studies").then().statusCode(200);
        JsonNode line = linesOf("audit-query").getFirst();
        String xml = given().auth().oauth2(ADMIN).accept("application/xml")
                .get("/api/audit/events/" + line.path("id").asText()).then().statusCode(200).extract().asString();
        Document message = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(((Element) message.getElementsByTagName("EventID").item(0)).getAttribute("csd-code"))
                .isEqualTo("110112");
        String query = message.getElementsByTagName("ParticipantObjectQuery").item(0).getTextContent();
        assertThat(new String(Base64.getDecoder().decode(query), StandardCharsets.UTF_8)).isEqualTo("PatientID=X*");
    }

    /** The audit lines of one actor, through the per-study listing or by id (platform administrator). */
    private static List<JsonNode> linesOf(String actor) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : list(ADMIN, Map.of("study", study))) {
            if (actor.equals(line.path("actor").asText())) {
                lines.add(line);
            }
        }
        // searches that found nothing have no study: find them by id, just after the others
        for (long id = maxId() ; id > 0 && id > maxId() - 50; id--) {
            Response r = given().auth().oauth2(ADMIN).accept("application/json").get("/api/audit/events/" + id);
            if (r.statusCode() == 200) {
                JsonNode line = JSON.readTree(r.asString());
                if (actor.equals(line.path("actor").asText()) && line.path("studyInstanceUID").isNull()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static long maxId() throws Exception {
        long max = 0;
        for (JsonNode line : list(ADMIN, Map.of("study", study))) {
            max = Math.max(max, line.path("id").asLong());
        }
        return max + 10;
    }

    private static List<JsonNode> list(String token, Map<String, String> query) throws Exception {
        Response r = given().auth().oauth2(token).accept("application/json").queryParams(query)
                .get("/api/audit/accesses");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        JSON.readTree(r.asString()).forEach(lines::add);
        return lines;
    }
}

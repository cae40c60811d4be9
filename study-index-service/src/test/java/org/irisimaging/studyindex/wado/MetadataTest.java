package org.irisimaging.studyindex.wado;

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
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.set;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.registerNew;

/** WADO-RS metadata: what was registered, in order, with an ETag; 404 for what does not exist. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class MetadataTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void metadataIsWhatWasRegisteredInSeriesAndInstanceOrder() throws Exception {
        String study = uid();
        String series1 = uid();
        String series2 = uid();
        // registered out of order: series 2 first, instance 2 before instance 1
        ObjectNode s2 = withUids(Samples.dataset(Samples.MR_SMALL), study, series2, uid());
        set(s2, "00200011", "IS", 2);
        ObjectNode s1i2 = withUids(Samples.dataset(Samples.CHR_FREN), study, series1, uid());
        set(s1i2, "00200013", "IS", 2);
        ObjectNode s1i1 = withUids(Samples.dataset(Samples.CHR_FREN), study, series1, uid());
        for (ObjectNode ds : List.of(s2, s1i2, s1i1)) {
            Samples.patient(ds, "META-" + study);
            registerNew(ds);
        }

        Response r = get("/dicomweb/studies/" + study + "/metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/dicom+json");
        assertThat(r.header("ETag")).isNotBlank();
        JsonNode body = MAPPER.readTree(r.asByteArray());
        assertThat(body).containsExactly(s1i1, s1i2, s2);
        assertThat(body.get(0).path("00100010").path("Value").path(0).path("Alphabetic").asText()).isEqualTo("Buc^Jérôme");

        JsonNode series = MAPPER.readTree(get("/dicomweb/studies/" + study + "/series/" + series1 + "/metadata").asByteArray());
        assertThat(series).containsExactly(s1i1, s1i2);
        String sop = s2.path("00080018").path("Value").path(0).asText();
        JsonNode instance = MAPPER.readTree(get("/dicomweb/studies/" + study + "/series/" + series2 + "/instances/" + sop
                + "/metadata").asByteArray());
        assertThat(instance).containsExactly(s2);
    }

    @Test
    void anUnchangedStudyAnswers304UntilARegistrationChangesIt() {
        String study = uid();
        String series = uid();
        registerNew(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()));
        String path = "/dicomweb/studies/" + study + "/metadata";
        String etag = get(path).header("ETag");

        Response notModified = given().auth().oauth2(ADMIN).header("If-None-Match", etag).get(path);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.asByteArray()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        String seriesPath = "/dicomweb/studies/" + study + "/series/" + series + "/metadata";
        assertThat(given().auth().oauth2(ADMIN).header("If-None-Match", "\"x\", " + etag).get(seriesPath).statusCode())
                .isEqualTo(304);
        assertThat(given().auth().oauth2(ADMIN).header("If-None-Match", "\"other\"").get(path).statusCode())
                .isEqualTo(200);

        registerNew(withUids(Samples.dataset(Samples.CT_SMALL), study, series, uid()));
        Response changed = given().auth().oauth2(ADMIN).header("If-None-Match", etag).get(path);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.jsonPath().getList("$")).hasSize(2);
    }

    @Test
    void whatDoesNotExistIsA404Problem() {
        String study = uid();
        String series = uid();
        registerNew(withUids(Samples.dataset(Samples.MR_SMALL), study, series, uid()));
        for (String path : List.of("/dicomweb/studies/" + uid() + "/metadata",
                "/dicomweb/studies/" + study + "/series/" + uid() + "/metadata",
                "/dicomweb/studies/" + study + "/series/" + series + "/instances/" + uid() + "/metadata")) {
            Response r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).isEqualTo("urn:iris:problem:not-found");
        }
        // a 304 is only for what exists
        assertThat(given().auth().oauth2(ADMIN).header("If-None-Match", "*")
                .get("/dicomweb/studies/" + study + "/series/" + uid() + "/metadata").statusCode()).isEqualTo(404);
    }

    @Test
    void metadataNeedsASignedInPersonAndWhatTheyMayNotSeeIsA404() {
        String study = uid();
        registerNew(withUids(Samples.dataset(Samples.MR_SMALL), study, uid(), uid()));
        given().get("/dicomweb/studies/" + study + "/metadata").then().statusCode(401);
        given().auth().oauth2(TestTokens.issue("gw", "ingest")).get("/dicomweb/studies/" + study + "/metadata").then()
                .statusCode(403);
        Response practitioner = given().auth().oauth2(TestTokens.issue("doc-1", "practitioner"))
                .get("/dicomweb/studies/" + study + "/metadata");
        Response absent = given().auth().oauth2(TestTokens.issue("doc-1", "practitioner"))
                .get("/dicomweb/studies/" + uid() + "/metadata");
        assertThat(practitioner.statusCode()).isEqualTo(404);
        assertThat(org.irisimaging.studyindex.StudyIndexApi.problem(practitioner))
                .isEqualTo(org.irisimaging.studyindex.StudyIndexApi.problem(absent));
    }

    private static Response get(String path) {
        return given().auth().oauth2(ADMIN).get(path);
    }
}

package org.irisimaging.studyindex.location;

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
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.studyindex.Samples.set;
import static org.irisimaging.studyindex.Samples.uid;
import static org.irisimaging.studyindex.Samples.withUids;
import static org.irisimaging.studyindex.StudyIndexApi.ADMIN;
import static org.irisimaging.studyindex.StudyIndexApi.GATEWAY;
import static org.irisimaging.studyindex.StudyIndexApi.register;

/** The gateway finds the stored files of a study, series or instance for WADO-RS. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class LocationTest {

    @Test
    void locationsAreListedInSeriesThenInstanceNumberOrder() {
        String study = uid();
        String series1 = uid();
        String series2 = uid();
        ObjectNode second = withUids(Samples.dataset(Samples.MR_SMALL), study, series2, uid());
        set(second, "00200011", "IS", 2);
        ObjectNode firstOfSeries1 = withUids(Samples.dataset(Samples.CT_SMALL), study, series1, uid());
        ObjectNode secondOfSeries1 = withUids(Samples.dataset(Samples.CT_SMALL), study, series1, uid());
        set(secondOfSeries1, "00200013", "IS", 2);
        ObjectNode request = null;
        for (ObjectNode ds : List.of(second, secondOfSeries1, firstOfSeries1)) {
            Samples.patient(ds, "LOC-" + study);
            request = Samples.request(ds);
            assertThat(register(request).statusCode()).isEqualTo(201);
        }

        Response all = given().auth().oauth2(ADMIN).get("/api/locations/studies/" + study);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.jsonPath().getList("sopInstanceUID")).containsExactly(sop(firstOfSeries1), sop(secondOfSeries1),
                sop(second));
        Map<String, Object> first = all.jsonPath().getMap("[0]");
        assertThat(first).containsOnlyKeys("studyInstanceUID", "seriesInstanceUID", "sopInstanceUID", "sopClassUID",
                "transferSyntaxUID", "blobKey", "sizeBytes", "available", "renditionTransferSyntaxUID",
                "renditionBlobKey", "renditionSizeBytes", "originalRemoved");
        assertThat(first).as("not rendered yet").containsEntry("available", false).containsEntry("renditionBlobKey", null)
                .containsEntry("originalRemoved", false);
        assertThat(first).containsEntry("studyInstanceUID", study).containsEntry("seriesInstanceUID", series1)
                .containsEntry("sopClassUID", "1.2.840.10008.5.1.4.1.1.2")
                .containsEntry("transferSyntaxUID", "1.2.840.10008.1.2.1")
                .containsEntry("blobKey", "instances/" + study + "/" + series1 + "/" + sop(firstOfSeries1) + ".dcm");
        assertThat(((Number) first.get("sizeBytes")).longValue())
                .isEqualTo(Samples.request(firstOfSeries1).path("blob").path("sizeBytes").asLong());

        Response series = given().auth().oauth2(TestTokens.issue("admin-1", "platform-admin"))
                .get("/api/locations/studies/" + study + "/series/" + series2);
        assertThat(series.jsonPath().getList("sopInstanceUID")).containsExactly(sop(second));
        Response instance = given().auth().oauth2(ADMIN)
                .get("/api/locations/studies/" + study + "/series/" + series1 + "/instances/" + sop(secondOfSeries1));
        assertThat(instance.jsonPath().getList("sopInstanceUID")).containsExactly(sop(secondOfSeries1));
    }

    @Test
    void nothingThereIsA404LikeWhatTheCallerMayNotSee() {
        Response missing = given().auth().oauth2(ADMIN).get("/api/locations/studies/" + uid());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        String study = uid();
        String series = uid();
        assertThat(register(Samples.request(withUids(Samples.dataset(Samples.MR_SMALL), study, series, uid())))
                .statusCode()).isEqualTo(201);
        given().auth().oauth2(ADMIN).get("/api/locations/studies/" + study + "/series/" + uid()).then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/api/locations/studies/" + study + "/series/" + series + "/instances/" + uid())
                .then().statusCode(404);
        given().get("/api/locations/studies/" + study).then().statusCode(401);
        // a practitioner with no grant on the study: 404, as for a study that does not exist
        given().auth().oauth2(TestTokens.issue("doc-1", "practitioner")).get("/api/locations/studies/" + study).then()
                .statusCode(404);
        // a sending system's token may register, not read (the gateway answers 404 for a 403)
        given().auth().oauth2(GATEWAY).get("/api/locations/studies/" + study).then().statusCode(403);
    }

    private static String sop(ObjectNode ds) {
        return ds.path("00080018").path("Value").path(0).asText();
    }
}

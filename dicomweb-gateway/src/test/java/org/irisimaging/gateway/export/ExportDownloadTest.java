package org.irisimaging.gateway.export;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's export endpoints: requests and status are passed to study-index-service with the
 * caller's token, the public endpoint and the caller's address; the package is streamed from the
 * blob store as an attachment once study-index said it is the caller's; its refusals reach the
 * caller as problem documents (404, 410 Gone).
 */
@QuarkusTest
@TestProfile(ExportDownloadTest.ExportContract.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class ExportDownloadTest {

    /** study-index-service's export API is the contract server's. */
    public static class ExportContract implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iris.index.url", ExportContractServer.baseUrl());
        }
    }

    private static final String REQUESTER = TestTokens.issue("martin", "practitioner");
    private static final String OTHER = TestTokens.issue("colleague", "practitioner");

    @Inject
    BlobStore blobs;

    @Test
    void theRequesterDownloadsTheStoredZipAsAnAttachment() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] zip = zip();
        blobs.write(BlobKey.forExport(id), new ByteArrayInputStream(zip));
        declare(id, REQUESTER, 200, zip.length);

        Response archive = given().auth().oauth2(REQUESTER).get("/api/exports/" + id + "/archive");
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.contentType()).isEqualTo("application/zip");
        assertThat(archive.header("Content-Disposition")).isEqualTo("attachment; filename=\"iris-export-" + id + ".zip\"");
        assertThat(archive.header("Content-Length")).isEqualTo(String.valueOf(zip.length));
        assertThat(archive.asByteArray()).isEqualTo(zip);

        Response other = given().auth().oauth2(OTHER).get("/api/exports/" + id + "/archive");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
        given().get("/api/exports/" + id + "/archive").then().statusCode(401);
        given().auth().oauth2(REQUESTER).get("/api/exports/not-a-uuid/archive").then().statusCode(404);
    }

    @Test
    void anExpiredExportIsGoneAndAForbiddenTokenIsANotFound() throws Exception {
        UUID expired = UUID.randomUUID();
        declare(expired, REQUESTER, 410, 0);
        Response gone = given().auth().oauth2(REQUESTER).get("/api/exports/" + expired + "/archive");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.jsonPath().getString("type")).isEqualTo("urn:iris:problem:export-expired");

        UUID forbidden = UUID.randomUUID();
        declare(forbidden, REQUESTER, 403, 0);
        given().auth().oauth2(REQUESTER).get("/api/exports/" + forbidden + "/archive").then().statusCode(404);

        UUID missing = UUID.randomUUID(); // ready, but its package is not in the blob store
        declare(missing, REQUESTER, 200, 10);
        given().auth().oauth2(REQUESTER).get("/api/exports/" + missing + "/archive").then().statusCode(404);
    }

    @Test
    void anOversizedExportRequestIsTheCatalogues413() {
        Response tooLarge = given().auth().oauth2(REQUESTER).contentType("application/json")
                .body("{\"studyInstanceUID\":\"" + "1".repeat(1024 * 1024) + "\"}").post("/api/exports");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        // the same type as a STOW-RS request over its limit: one 413, one slug
        assertThat(tooLarge.jsonPath().getString("type")).isEqualTo("urn:iris:problem:payload-too-large");
    }

    @Test
    void requestsAndStatusArePassedOnWithTheCallersToken() {
        Response accepted = given().auth().oauth2(REQUESTER).contentType("application/json")
                .body("{\"studyInstanceUID\":\"1.2.3\",\"locale\":\"en\"}").post("/api/exports");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).isEqualTo("/api/exports/" + id);
        assertThat(accepted.jsonPath().getString("authorization")).isEqualTo("Bearer " + REQUESTER);
        assertThat(accepted.jsonPath().getString("endpoint")).isEqualTo("POST /api/exports");
        assertThat(accepted.jsonPath().getString("forwardedFor")).isNotBlank();
        // the gateway vouches for those two with its own token, which is not the caller's
        assertThat(accepted.jsonPath().getString("gatewayToken")).isNotBlank()
                .isNotEqualTo(accepted.jsonPath().getString("authorization").replaceFirst("^Bearer ", ""));
        assertThat(accepted.jsonPath().getString("body.studyInstanceUID")).isEqualTo("1.2.3");

        UUID declared = UUID.randomUUID();
        declare(declared, REQUESTER, 200, 1);
        given().auth().oauth2(REQUESTER).get("/api/exports/" + declared).then().statusCode(200);
        Response other = given().auth().oauth2(OTHER).get("/api/exports/" + declared);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theCallersListIsPassedOnWithTheirTokenAndOnlyThePagingParameters() {
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        String lister = TestTokens.issue("lister-" + UUID.randomUUID(), "practitioner");
        declare(mine, lister, 200, 1);
        declare(theirs, OTHER, 200, 1);

        Response list = given().auth().oauth2(lister).get("/api/exports?limit=5&offset=0");
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("application/json");
        assertThat(list.jsonPath().getList("exports.id")).containsExactly(mine.toString());
        assertThat(list.jsonPath().getString("authorization")).isEqualTo("Bearer " + lister);
        assertThat(list.jsonPath().getString("query")).isEqualTo("limit=5&offset=0");
        assertThat(list.jsonPath().getString("endpoint")).isEqualTo("GET /api/exports?limit=5&offset=0");
        assertThat(list.jsonPath().getString("forwardedFor")).isNotBlank();
        assertThat(given().auth().oauth2(lister).get("/api/exports").jsonPath().getString("query"))
                .as("no parameter, none passed on").isNull();

        // a value smuggling another parameter stays a value; unknown parameters are not passed on
        Response smuggled = given().urlEncodingEnabled(false).auth().oauth2(lister)
                .get("/api/exports?limit=1%26requester%3Dmartin&requester=martin&offset=2");
        assertThat(smuggled.statusCode()).isEqualTo(200);
        assertThat(smuggled.jsonPath().getString("query")).isEqualTo("limit=1%26requester%3Dmartin&offset=2");
        given().get("/api/exports").then().statusCode(401);
    }

    private static void declare(UUID id, String token, int status, long size) {
        String url = ConfigProvider.getConfig().getValue("iris.index.url", String.class);
        String body = "{\"id\":\"" + id + "\",\"token\":\"" + token + "\",\"status\":" + status
                + ",\"blobKey\":\"" + BlobKey.forExport(id).value() + "\",\"sizeBytes\":" + size + "}";
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_control/exports"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(204);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] zip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("DICOMDIR"));
            zip.write(new byte[300]);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}

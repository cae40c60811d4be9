package org.irisimaging.gateway.stow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.irisimaging.gateway.index.ContractServerControl;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOW-RS size limits: a request over a limit is refused with 413 before anything is ingested, so
 * nothing is registered and no blob is written. (Status codes and the response data set are
 * covered end to end against the real platform in the e2e tests.)
 */
@QuarkusTest
@TestProfile(StowLimitsTest.SmallLimits.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class StowLimitsTest {

    private static final String BOUNDARY = "limits";
    private static final int MAX_INSTANCE_BYTES = 20_000;

    /** One instance up to 20,000 bytes, two instances per request. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iris.stow.max-instance-bytes", String.valueOf(MAX_INSTANCE_BYTES),
                    "iris.stow.max-instances", "2");
        }
    }

    private final ContractServerControl index = new ContractServerControl();

    @BeforeEach
    void reset() {
        index.reset();
    }

    @Test
    void withinTheLimitsAnInstanceIsStored() throws IOException {
        byte[] mr = pydicom("MR_small.dcm");
        assertThat(mr.length).isLessThan(MAX_INSTANCE_BYTES);
        Response response = stow(List.of(mr));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(index.requests()).hasSize(1);
        // the sending system is named, for its own site identity and establishment in the index
        assertThat(index.requests().getFirst().path("body").path("source").path("clientId").asText())
                .isEqualTo("pacs-1");
    }

    @Test
    void anOversizedInstanceRefusesTheWholeRequestBeforeAnythingIsStored() throws IOException {
        byte[] mr = pydicom("MR_small.dcm");
        byte[] ct = pydicom("CT_small.dcm");
        assertThat(ct.length).isGreaterThan(MAX_INSTANCE_BYTES);
        Response response = stow(List.of(mr, ct));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(index.requests()).as("the valid first part was not ingested either").isEmpty();
    }

    @Test
    void tooManyInstancesAreRefused() throws IOException {
        byte[] mr = pydicom("MR_small.dcm");
        assertThat(stow(List.of(mr, mr, mr)).statusCode()).isEqualTo(413);
        assertThat(index.requests()).isEmpty();
    }

    private static Response stow(List<byte[]> parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return given().auth().oauth2(TestTokens.issue("pacs-1", "ingest"))
                .contentType("multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .body(body.toByteArray())
                .post("/studies");
    }

    private static byte[] pydicom(String name) throws IOException {
        return Files.readAllBytes(PydicomCorpus.file("test_files/" + name));
    }
}

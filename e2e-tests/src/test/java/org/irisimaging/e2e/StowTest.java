package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** STOW-RS through the real platform: the PS3.18 response data set and status codes, nothing half-stored. */
@ExtendWith(PlatformExtension.class)
class StowTest {

    private static final String BOUNDARY = "e2e-stow-boundary";
    private static final int CANNOT_UNDERSTAND = 0xC000;
    private static final int DOES_NOT_MATCH = 0xA900;

    private RunningPlatform platform;
    private String token;

    @BeforeEach
    void connect() throws Exception {
        platform = PlatformExtension.platform();
        token = platform.serviceToken();
    }

    @Test
    void aValidInstanceIsStoredAndReferencedWithItsRetrieveUrl() throws Exception {
        byte[] jpeg2000 = Files.readAllBytes(SampleFiles.pydicom("JPEG2000.dcm"));
        HttpResponse<byte[]> response = stow("/studies", List.of(jpeg2000));
        assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
        JsonNode dataset = platform.json.readTree(response.body());
        JsonNode referenced = dataset.path("00081199").path("Value");
        assertThat(referenced.size()).isEqualTo(1);
        assertThat(referenced.get(0).path("00081190").path("Value").get(0).asText())
                .startsWith(RunningPlatform.GATEWAY + "/studies/");
        assertThat(dataset.has("00081198")).isFalse();

        // Stored as received: compressed, found by QIDO.
        HttpResponse<String> found = platform.get(RunningPlatform.GATEWAY + "/studies?PatientID=8NM1", token);
        assertThat(platform.readJson(found).size()).isEqualTo(1);

        // Its frame comes back as the stored JPEG 2000 codestream when the client takes image/jp2,
        // and decoded (jai-imageio, ADR 0022) as native pixels: 1024 x 256, 16 bits.
        String frame = referenced.get(0).path("00081190").path("Value").get(0).asText() + "/frames/1";
        HttpResponse<byte[]> jp2 = platform.send(HttpRequest.newBuilder(URI.create(frame))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "multipart/related; type=\"image/jp2\"").GET().build());
        assertThat(jp2.statusCode()).isEqualTo(200);
        byte[] codestream = Multipart.parts(jp2).getFirst();
        assertThat(codestream[0] & 0xff).isEqualTo(0xff);
        assertThat(codestream[1] & 0xff).as("J2K SOC marker").isEqualTo(0x4f);
        HttpResponse<byte[]> raw = platform.send(HttpRequest.newBuilder(URI.create(frame))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "multipart/related; type=\"application/octet-stream\"").GET().build());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(Multipart.parts(raw)).singleElement().satisfies(p -> assertThat(p).hasSize(1024 * 256 * 2));
    }

    @Test
    void anInstanceWhoseMetaHeaderContradictsItsDataSetIsRefused() throws Exception {
        // pydicom's rtplan.dcm: Media Storage SOP Instance UID differs from SOP Instance UID.
        byte[] rtplan = Files.readAllBytes(SampleFiles.pydicom("rtplan.dcm"));
        HttpResponse<byte[]> response = stow("/studies", List.of(rtplan));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(platform.json.readTree(response.body()).path("00081198").path("Value").get(0)
                .path("00081197").path("Value").get(0).asInt()).isEqualTo(DOES_NOT_MATCH);
    }

    @Test
    void aMixOfGoodAndBadGives202AndABadOnlyRequest409() throws Exception {
        // a study of its own: CT_small as such is IngestAndRetrieveTest's, stored from STORESCU (ADR 0018)
        java.util.UUID u = java.util.UUID.randomUUID();
        String study = "2.25." + new java.math.BigInteger(1, java.util.HexFormat.of().parseHex(u.toString().replace("-", "")));
        byte[] good = Files.readAllBytes(SampleFiles.copy(SampleFiles.pydicom("CT_small.dcm"), new SampleFiles.Copy(
                study, study + ".1", study + ".1.1", "E2E-STOW-MIX", "STOW^Mix", "E2E-MIX", "20250314", "RPPS",
                "10000000011")));
        byte[] mr = Files.readAllBytes(SampleFiles.pydicom("MR_small.dcm"));
        byte[] truncated = Arrays.copyOf(mr, mr.length / 3);

        HttpResponse<byte[]> mixed = stow("/studies", List.of(good, truncated));
        assertThat(mixed.statusCode()).as(body(mixed)).isEqualTo(202);
        JsonNode dataset = platform.json.readTree(mixed.body());
        assertThat(dataset.path("00081199").path("Value").size()).isEqualTo(1);
        assertThat(dataset.path("00081198").path("Value").get(0).path("00081197").path("Value").get(0).asInt())
                .isEqualTo(CANNOT_UNDERSTAND);

        HttpResponse<byte[]> bad = stow("/studies", List.of(truncated));
        assertThat(bad.statusCode()).isEqualTo(409);
    }

    @Test
    void anInstanceOfAnotherStudyThanTheTargetIsRefused() throws Exception {
        byte[] ct = Files.readAllBytes(SampleFiles.pydicom("CT_small.dcm"));
        HttpResponse<byte[]> response = stow("/studies/1.2.826.0.1.3680043.8.498.1", List.of(ct));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(platform.json.readTree(response.body()).path("00081198").path("Value").get(0)
                .path("00081197").path("Value").get(0).asInt()).isEqualTo(DOES_NOT_MATCH);
    }

    @Test
    void wrongMediaTypesAndBrokenBodiesAreRefusedWithNothingStored() throws Exception {
        HttpResponse<byte[]> json = platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY + "/studies"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build());
        assertThat(json.statusCode()).isEqualTo(415);

        byte[] sc = Files.readAllBytes(SampleFiles.pydicom("CT_small.dcm"));
        byte[] body = multipart(List.of(sc));
        byte[] unterminated = Arrays.copyOf(body, body.length - (BOUNDARY.length() + 8));
        HttpResponse<byte[]> broken = post("/studies", unterminated);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<byte[]> anonymous = platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY + "/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private HttpResponse<byte[]> stow(String path, List<byte[]> instances) throws Exception {
        return post(path, multipart(instances));
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static byte[] multipart(List<byte[]> instances) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] instance : instances) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(instance);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}

package org.irisimaging.gateway.stow;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.gateway.index.ContractServerControl;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.HostileDicom;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile or merely unusual input to STOW-RS, WADO-URI and QIDO-RS: each answer is a clear 4xx (or
 * a STOW failure reason), never a 500, and nothing of a refused instance is kept. The catalogue is
 * docs/security-tests.md, "Hostile input".
 */
@QuarkusTest
@TestProfile(HostileInputTest.Limits.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
public class HostileInputTest {

    private static final long MAX_REQUEST_BYTES = 2_000_000;

    /** Requests and inflated data sets up to 2 MB; a body that stops arriving is dropped after 2 s. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iris.stow.max-request-bytes", String.valueOf(MAX_REQUEST_BYTES),
                    "iris.stow.max-instance-bytes", String.valueOf(MAX_REQUEST_BYTES),
                    "iris.ingest.max-inflated-bytes", String.valueOf(MAX_REQUEST_BYTES),
                    "quarkus.http.idle-timeout", "2S");
        }
    }

    private final ContractServerControl index = new ContractServerControl();

    @BeforeEach
    void reset() {
        index.reset();
    }

    @Test
    void orthancsBoundaryOf73CharactersIsRead() throws IOException {
        Response response = stow("o".repeat(73), List.of(pydicom("MR_small.dcm")), null);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        Response tooLong = stow("o".repeat(201), List.of(pydicom("MR_small.dcm")), null);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(index.requests()).hasSize(1);
    }

    @Test
    void aMultiValuedInstanceUidIsRefusedNotIndexed() throws Exception {
        AttributeList list = read(pydicom("MR_small.dcm"));
        Attribute study = new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID);
        study.addValue("2.25.111");
        study.addValue("2.25.222");
        list.put(study);
        String sop = "2.25." + new java.math.BigInteger(java.util.UUID.randomUUID().toString().replace("-", ""), 16);
        Attribute sopInstance = new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID);
        sopInstance.addValue(sop);
        list.put(sopInstance);
        list.remove(TagFromName.MediaStorageSOPInstanceUID);
        Response response = stow("b", List.of(write(list, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN)), null);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
        assertThat(failureReason(response)).isEqualTo(0xA900);
        assertThat(index.requests()).isEmpty();
        assertThat(blobFiles()).noneMatch(p -> p.toString().contains(sop) || p.toString().contains("2.25.111"));
        // and in a URL: not a UID
        given().auth().oauth2(TestTokens.issue("viewer", "platform-admin"))
                .get("/studies/2.25.111%5C2.25.222/series").then().statusCode(400);
    }

    @Test
    void aSequenceNested3000DeepIsCannotUnderstand() throws Exception {
        Response response = stow("b", List.of(HostileDicom.nestedSequences(pydicom("CT_small.dcm"), 3000)), null);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
        assertThat(failureReason(response)).isEqualTo(0xC000);
        assertThat(index.requests()).isEmpty();
    }

    @Test
    void aCutDeflatedCopyIsRefusedAndNeverReplacesTheCompleteOne() throws Exception {
        byte[] whole = pydicom("image_dfl.dcm");
        assertThat(stow("b", List.of(whole), null).statusCode()).isEqualTo(200);
        String sop = org.irisimaging.dicom.DicomFile.read(whole).sopInstanceUid();
        List<Path> blobs = blobFiles().stream().filter(p -> p.getFileName().toString().equals(sop + ".dcm")).toList();
        assertThat(blobs).hasSize(1);
        byte[] stored = Files.readAllBytes(blobs.getFirst());

        Response cut = stow("b", List.of(Arrays.copyOf(whole, whole.length - 200)), null);
        assertThat(cut.statusCode()).as(cut.asString()).isEqualTo(409);
        assertThat(failureReason(cut)).isEqualTo(0xC000);
        assertThat(index.requests()).as("only the complete copy was registered").hasSize(1);
        assertThat(blobFiles()).filteredOn(p -> p.getFileName().toString().startsWith(sop)).hasSize(1);
        assertThat(Files.readAllBytes(blobs.getFirst())).isEqualTo(stored);
    }

    @Test
    void aDeflateBombCountsWhatItExpandsTo() throws Exception {
        // 64 MB of zeros deflate to about 65 KB: within the limit on the wire, far over it inflated.
        AttributeList list = read(pydicom("MR_small.dcm"));
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[64 * 1024 * 1024]);
        list.put(pixels);
        byte[] bomb = write(list, TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat((long) bomb.length).isLessThan(MAX_REQUEST_BYTES / 10);
        Response response = stow("b", List.of(bomb), null);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(413);
        assertThat(index.requests()).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() throws IOException {
        String answer = rawPost("Content-Length: 2147483648\r\n", new byte[0], 10_000);
        assertThat(answer).startsWith("HTTP/1.1 413");
    }

    @Test
    void aBodyThatStopsArrivingIsDropped() throws IOException {
        long started = System.nanoTime();
        String answer = rawPost("Content-Length: 1000000\r\n", "--b\r\n".getBytes(StandardCharsets.US_ASCII), 20_000);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(answer).doesNotStartWith("HTTP/1.1 2").doesNotStartWith("HTTP/1.1 5");
        assertThat(seconds).as("closed by the idle timeout, not held open").isLessThan(15);
        assertThat(index.requests()).isEmpty();
    }

    @Test
    void theRetrieveUrlComesFromThePublicUrlNotTheHostHeader() throws IOException {
        Response response = stow("b", List.of(pydicom("MR_small.dcm")), "attacker.example");
        assertThat(response.statusCode()).isEqualTo(200);
        String retrieveUrl = JsonPath.from(response.asString()).getString("'00081190'.Value[0]");
        assertThat(retrieveUrl).startsWith("http://localhost:8080/studies/");
        String instanceUrl = JsonPath.from(response.asString()).getString("'00081199'.Value[0].'00081190'.Value[0]");
        assertThat(instanceUrl).startsWith("http://localhost:8080/studies/");
    }

    @Test
    void wadoUriSizesAreCapped() {
        String query = "/wado?requestType=WADO&studyUID=1.2.3&seriesUID=1.2.3.4&objectUID=1.2.3.4.5";
        for (String size : new String[] {"&rows=100000", "&columns=100000", "&rows=4097", "&windowCenter=NaN&windowWidth=1"}) {
            given().auth().oauth2(TestTokens.issue("viewer", "platform-admin")).get(query + size)
                    .then().statusCode(400);
        }
    }

    @Test
    void qidoAnswersInTheMediaTypeTheCallerTakes() {
        String token = TestTokens.issue("viewer", "platform-admin");
        given().auth().oauth2(token).accept("application/json").get("/studies")
                .then().statusCode(200).contentType("application/json");
        given().auth().oauth2(token).get("/studies")
                .then().statusCode(200).contentType("application/dicom+json");
        given().auth().oauth2(token).accept("*/*").get("/studies")
                .then().statusCode(200).contentType("application/dicom+json");
        given().auth().oauth2(token).accept("application/xml").get("/studies").then().statusCode(406);
    }

    private static int failureReason(Response response) {
        return JsonPath.from(response.asString()).getInt("'00081198'.Value[0].'00081197'.Value[0]");
    }

    private static Response stow(String boundary, List<byte[]> parts, String host) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        var request = given().auth().oauth2(TestTokens.issue("pacs-1", "ingest"))
                .contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(body.toByteArray());
        if (host != null) {
            request.header("Host", host);
        }
        return request.post("/studies");
    }

    /** A STOW request by hand: headers, then {@code body}, then the first line answered (or "" when closed). */
    private static String rawPost(String lengthHeader, byte[] body, int timeoutMillis) throws IOException {
        URI base = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /studies HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.issue("pacs-1", "ingest") + "\r\n"
                    + "Content-Type: multipart/related; type=\"application/dicom\"; boundary=b\r\n"
                    + lengthHeader + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).trim();
        }
    }

    private static List<Path> blobFiles() throws IOException {
        Path root = Path.of(ConfigProvider.getConfig().getValue("iris.blob.root", String.class)).resolve("instances");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static AttributeList read(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        list.read(new com.pixelmed.dicom.DicomInputStream(new java.io.ByteArrayInputStream(part10)));
        return list;
    }

    private static byte[] write(AttributeList list, String transferSyntax) throws Exception {
        list.remove(TagFromName.TransferSyntaxUID);
        com.pixelmed.dicom.FileMetaInformation.addFileMetaInformation(list, transferSyntax, "IRISTEST");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, transferSyntax, true, true);
        return out.toByteArray();
    }

    private static byte[] pydicom(String name) throws IOException {
        return Files.readAllBytes(PydicomCorpus.file("test_files/" + name));
    }
}

package org.irisimaging.gateway.stow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.gateway.index.ContractServerControl;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0018 over STOW-RS: an instance of a study another sending system registered, or of another
 * patient than its study's, is answered 409 with the Failed SOP Sequence naming it and the Failure
 * Reason listed in docs/conformance.md; nothing of it is kept, and the owner's file stays.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class StowOwnershipTest {

    private static final String BOUNDARY = "ownership";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContractServerControl index = new ContractServerControl();

    @TempDir
    Path tmp;

    @BeforeEach
    void reset() {
        index.reset();
    }

    @Test
    void anotherSendersCopyOfARegisteredStudyIsRefusedAndTheOwnersFileStays() throws Exception {
        String study = uid();
        String series = uid();
        String sop = uid();
        byte[] mr = instance(study, series, sop, "PAT-1");
        assertThat(stow("pacs-1", mr).statusCode()).isEqualTo(200);
        Path blob = blobFile(BlobKey.forInstance(study, series, sop));
        byte[] stored = Files.readAllBytes(blob);

        Response refused = stow("pacs-2", instance(study, series, sop, "PAT-1"));

        assertFailed(refused, sop, 0xC201);
        assertThat(Files.readAllBytes(blob)).as("the owner's blob stays").isEqualTo(stored);
        try (Stream<Path> files = Files.list(blob.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(sop + ".dcm");
        }
    }

    @Test
    void anInstanceOfAnotherPatientThanItsStudysIsRefused() throws Exception {
        String study = uid();
        String series = uid();
        assertThat(stow("pacs-1", instance(study, series, uid(), "PAT-1")).statusCode()).isEqualTo(200);
        String sop = uid();

        Response refused = stow("pacs-1", instance(study, series, sop, "PAT-2"));

        assertFailed(refused, sop, 0xC202);
        assertThat(Files.exists(blobFile(BlobKey.forInstance(study, series, sop)))).as("nothing kept").isFalse();
    }

    private static void assertFailed(Response response, String sop, int reason) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
        JsonNode failed = JSON.readTree(response.asString()).path("00081198").path("Value");
        assertThat(failed.size()).isEqualTo(1);
        assertThat(failed.path(0).path("00081155").path("Value").path(0).asText()).isEqualTo(sop);
        assertThat(failed.path(0).path("00081197").path("Value").path(0).asInt()).isEqualTo(reason);
    }

    /** MR_small of the pydicom corpus with these UIDs and Patient ID. */
    private byte[] instance(String study, String series, String sop, String patientId) throws Exception {
        AttributeList list = new AttributeList();
        list.read(PydicomCorpus.file("test_files/MR_small.dcm").toFile());
        for (Object[] uid : new Object[][] {{TagFromName.StudyInstanceUID, study},
                {TagFromName.SeriesInstanceUID, series}, {TagFromName.SOPInstanceUID, sop}}) {
            UniqueIdentifierAttribute a = new UniqueIdentifierAttribute((com.pixelmed.dicom.AttributeTag) uid[0]);
            a.addValue((String) uid[1]);
            list.put(a);
        }
        LongStringAttribute patient = new LongStringAttribute(TagFromName.PatientID);
        patient.addValue(patientId);
        list.put(patient);
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "IRISTEST");
        Path file = tmp.resolve(sop + ".dcm");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return Files.readAllBytes(file);
    }

    private static Response stow(String client, byte[] part) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(part);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return given().auth().oauth2(TestTokens.issue(client, "ingest"))
                .contentType("multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .body(body.toByteArray())
                .post("/studies");
    }

    private static Path blobFile(BlobKey key) {
        return Path.of(ConfigProvider.getConfig().getValue("iris.blob.root", String.class)).resolve(key.value());
    }

    private static String uid() {
        UUID u = UUID.randomUUID();
        return "2.25." + new BigInteger(1, java.nio.ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
    }
}

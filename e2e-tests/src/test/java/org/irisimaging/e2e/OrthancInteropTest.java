package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orthanc 1.10 (Debian's {@code orthanc} + {@code orthanc-dicomweb}) as a hospital's PACS peer of
 * Iris, both ways, configured as an integrator does it: Iris's public DICOMweb URL and the HTTP
 * Basic credentials of a registered machine client (Orthanc sends static credentials only, so a
 * bearer token's 15 minutes would not do). Orthanc searches and retrieves a study from Iris, and
 * stores one into Iris (STOW-RS, with its 73-character multipart boundary).
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancInteropTest {

    /** The dev profile's registered machine client (run.sh); a real peer gets a client of its own. */
    private static final String CLIENT = "dev-cli";
    private static final String SECRET = "dev-secret";

    private RunningPlatform platform;
    private OrthancPeer orthanc;
    private String token;

    @BeforeAll
    void startOrthanc() throws Exception {
        platform = PlatformExtension.platform();
        token = platform.serviceToken();
        orthanc = OrthancPeer.start(RunningPlatform.GATEWAY + "/", CLIENT, SECRET);
    }

    @AfterAll
    void stopOrthanc() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Test
    void orthancFindsAndRetrievesAStudyFromIrisWithBasicCredentials() throws Exception {
        String study = uid();
        String sop = uid();
        Path file = SampleFiles.copy(SampleFiles.pydicom("CT_small.dcm"), new SampleFiles.Copy(study, uid(), sop,
                "E2E-ORTHANC-PULL", "ORTHANC^Pull", "E2E-OP", "20250102", "RPPS", "10000000001"));
        RunningPlatform.runTool("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112", file.toString());

        ObjectNode search = orthanc.object().put("Uri", "/studies");
        search.putObject("Arguments").put("PatientID", "E2E-ORTHANC-PULL");
        JsonNode found = orthanc.post("/dicom-web/servers/iris/qido", search);
        assertThat(found.size()).as(found.toString()).isEqualTo(1);
        // Orthanc answers in its own JSON flavour: one value as a string
        assertThat(found.get(0).path("0020000D").path("Value").asText()).as(found.toString()).isEqualTo(study);

        ObjectNode retrieve = orthanc.object();
        retrieve.putArray("Resources").addObject().put("Study", study);
        orthanc.post("/dicom-web/servers/iris/retrieve", retrieve);

        JsonNode lookup = orthanc.post("/tools/lookup", sop);
        assertThat(lookup.size()).as("Orthanc holds the instance it retrieved").isEqualTo(1);
        HttpResponse<byte[]> copy = orthanc.get("/instances/" + lookup.get(0).path("ID").asText() + "/file");
        assertThat(copy.statusCode()).isEqualTo(200);
        assertThat(Dcmdump.dataSet(copy.body())).as("the same data set, attribute for attribute")
                .isEqualTo(Dcmdump.dataSet(file));
    }

    @Test
    void orthancStoresAStudyIntoIrisWithBasicCredentials() throws Exception {
        String study = uid();
        String series = uid();
        String sop = uid();
        Path file = SampleFiles.copy(SampleFiles.pydicom("MR_small.dcm"), new SampleFiles.Copy(study, series, sop,
                "E2E-ORTHANC-PUSH", "ORTHANC^Push", "E2E-OS", "20250103", "RPPS", "10000000001"));
        JsonNode uploaded = orthanc.upload(file);

        ObjectNode stow = orthanc.object();
        stow.putArray("Resources").add(uploaded.path("ParentStudy").asText());
        orthanc.post("/dicom-web/servers/iris/stow", stow);

        HttpResponse<String> found = platform.get(RunningPlatform.GATEWAY + "/studies?PatientID=E2E-ORTHANC-PUSH", token);
        assertThat(platform.readJson(found).size()).as(found.body()).isEqualTo(1);
        HttpResponse<byte[]> stored = platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY
                        + "/studies/" + study + "/series/" + series + "/instances/" + sop))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").GET().build());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(Dcmdump.dataSet(Multipart.parts(stored).getFirst())).as("the same data set, attribute for attribute")
                .isEqualTo(Dcmdump.dataSet(file));
    }

    private static String uid() {
        UUID u = UUID.randomUUID();
        return "2.25." + new BigInteger(1, HexFormat.of().parseHex(u.toString().replace("-", "")));
    }
}

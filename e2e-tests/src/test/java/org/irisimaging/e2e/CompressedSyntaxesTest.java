package org.irisimaging.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Originals in the compressed syntaxes of ADR 0022 — JPEG-LS lossless, JPEG 2000 lossless and
 * lossy, 12-bit extended JPEG, 16-bit RGB RLE — sent by STOW-RS to the running platform: each is
 * rendered, thumbnailed and served through WADO-URI as an image (from its original or, once the
 * worker's lossless rendition is verified and the original removed, from that rendition), and the
 * default retrieval of the 16-bit RGB RLE instance completes with the samples dcmdrle gives.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedSyntaxesTest {

    private static final String BOUNDARY = "e2e-codecs-boundary";

    private RunningPlatform platform;
    private String token;
    /** file name → {study, series, instance} of its copy. */
    private final Map<String, String[]> stored = new LinkedHashMap<>();
    private final Map<String, Path> copies = new LinkedHashMap<>();

    @BeforeAll
    void stowOneCopyOfEach() throws Exception {
        platform = PlatformExtension.platform();
        token = platform.serviceToken();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int n = 0;
        for (String name : new String[] {"MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm", "JPEG2000.dcm",
                "JPEG-lossy.dcm", "SC_rgb_rle_16bit.dcm"}) {
            String[] uids = {uid(), uid(), uid()};
            Path copy = SampleFiles.copy(SampleFiles.pydicom(name), new SampleFiles.Copy(uids[0], uids[1], uids[2],
                    "CODECS" + ++n, "Codecs^Sample" + n, "CODECS" + n, "20261207", "RPPS", "10000000001"));
            stored.put(name, uids);
            copies.put(name, copy);
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(Files.readAllBytes(copy));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<byte[]> stow = platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY + "/studies"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertThat(stow.statusCode()).as(new String(stow.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }

    @Test
    void eachIsRenderedThumbnailedAndServedThroughWadoUri() throws Exception {
        for (Map.Entry<String, String[]> e : stored.entrySet()) {
            String[] u = e.getValue();
            String instance = "/studies/" + u[0] + "/series/" + u[1] + "/instances/" + u[2];
            HttpResponse<byte[]> rendered = get(instance + "/rendered", "image/jpeg");
            assertThat(rendered.statusCode()).as(e.getKey() + " rendered").isEqualTo(200);
            assertThat(image(rendered.body()).getWidth()).as(e.getKey()).isGreaterThan(0);
            HttpResponse<byte[]> thumbnail = get(instance + "/thumbnail", "image/png");
            assertThat(thumbnail.statusCode()).as(e.getKey() + " thumbnail").isEqualTo(200);
            assertThat(image(thumbnail.body()).getWidth()).isLessThanOrEqualTo(128);
            HttpResponse<byte[]> uri = get("/wado?requestType=WADO&studyUID=" + u[0] + "&seriesUID=" + u[1]
                    + "&objectUID=" + u[2], "*/*");
            assertThat(uri.statusCode()).as(e.getKey() + " WADO-URI").isEqualTo(200);
            image(uri.body());
        }
    }

    @Test
    void theDefaultRetrievalOf16BitRgbRleCompletesWithTheSamplesDcmdrleGives() throws Exception {
        String[] u = stored.get("SC_rgb_rle_16bit.dcm");
        HttpResponse<byte[]> response = get("/studies/" + u[0] + "/series/" + u[1] + "/instances/" + u[2],
                "multipart/related; type=\"application/dicom\"");
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] part = Multipart.parts(response).getFirst();
        Path reference = Files.createTempFile("dcmdrle", ".dcm");
        RunningPlatform.runTool("dcmdrle", copies.get("SC_rgb_rle_16bit.dcm").toString(), reference.toString());
        assertThat(pixelData(Dcmdump.dataSet(part))).isEqualTo(pixelData(Dcmdump.dataSet(reference)));
    }

    private static String pixelData(String dump) {
        return dump.lines().filter(l -> l.startsWith("(7fe0,0010)")).findFirst().orElseThrow()
                .replaceAll("\\s+#.*", ""); // the value, whatever the VR/length comment says
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return platform.send(HttpRequest.newBuilder(URI.create(RunningPlatform.GATEWAY + path))
                .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build());
    }

    private static BufferedImage image(byte[] bytes) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("a decodable image").isNotNull();
        return image;
    }

    private static String uid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }
}

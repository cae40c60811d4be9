package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.AttributeList;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.dicom.multipart.MultipartReader;
import org.irisimaging.dicom.multipart.MultipartRelatedType;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendered, thumbnail and WADO-URI images, and the default (uncompressed) retrieval, of originals
 * stored in the compressed syntaxes of ADR 0022 — JPEG-LS lossless and near-lossless, JPEG 2000
 * lossless and lossy, 12-bit extended JPEG, 16-bit RGB RLE — from real files (pydicom's corpus, and
 * dcmtk's dcmcjpls); and the documented 406 (problem+json, before any byte of an image) for what no
 * decoder here takes. Decoded pixels are compared with pydicom's uncompressed twin or dcmtk's
 * decompression of the same file.
 */
@QuarkusTest
@TestProfile(CompressedImagesTest.Locations.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class CompressedImagesTest {

    /** study-index-service's locations are the {@link LocationsServer}'s. */
    public static class Locations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iris.index.url", LocationsServer.get().baseUrl());
        }
    }

    private static final String TOKEN = TestTokens.issue("viewer", "practitioner");
    private static final String DICOM = "multipart/related; type=\"application/dicom\"";
    private static final String EXPLICIT = "1.2.840.10008.1.2.1";

    @Inject
    BlobStore blobs;

    @TempDir
    Path dir;

    @Test
    void everyDecodableSyntaxIsRenderedAsThumbnailAndThroughWadoUri() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm", "JPEG2000.dcm",
                "GDCMJ2K_TextGBR.dcm", "JPEG-lossy.dcm", "JPGExtended.dcm", "SC_rgb_rle_16bit.dcm",
                "SC_rgb_rle_16bit_2frame.dcm", "MR_small_RLE.dcm")) {
            files.add(PydicomCorpus.file("test_files/" + name));
        }
        Path rgb = dcmtk("dcmdrle", PydicomCorpus.file("test_files/SC_rgb_rle.dcm"), "rgb.dcm");
        files.add(dcmtk("dcmcjpls", rgb, "near-lossless.dcm", "+en", "+md", "2"));
        for (Path file : files) {
            InstanceLocation location = store(file);
            String what = file.getFileName() + " (" + location.transferSyntaxUID() + ")";
            String instance = instancePath(location);

            Response rendered = get(instance + "/rendered", "image/jpeg");
            assertThat(rendered.statusCode()).as(what + " rendered").isEqualTo(200);
            assertThat(rendered.contentType()).isEqualTo("image/jpeg");
            BufferedImage image = image(rendered.asByteArray());
            assertThat(image.getWidth()).as(what).isEqualTo(columns(file));
            assertThat(distinctGrays(image)).as(what + ": an image, not a blank").isGreaterThan(4);

            Response thumbnail = get(instance + "/thumbnail", "image/png");
            assertThat(thumbnail.statusCode()).as(what + " thumbnail").isEqualTo(200);
            assertThat(thumbnail.contentType()).isEqualTo("image/png");
            assertThat(Math.max(image(thumbnail.asByteArray()).getWidth(), image(thumbnail.asByteArray()).getHeight()))
                    .isLessThanOrEqualTo(128);

            Response uri = get("/wado?requestType=WADO&studyUID=" + location.studyInstanceUID() + "&seriesUID="
                    + location.seriesInstanceUID() + "&objectUID=" + location.sopInstanceUID()
                    + "&contentType=image/png&rows=64", "*/*");
            assertThat(uri.statusCode()).as(what + " WADO-URI").isEqualTo(200);
            assertThat(image(uri.asByteArray()).getHeight()).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void losslessOriginalsAreRetrievedUncompressedBitExact() throws Exception {
        AttributeList twin = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm")).attributes();
        byte[] twinPixels = BulkData.littleEndianBytes(twin.get(com.pixelmed.dicom.TagFromName.PixelData));
        for (String name : List.of("MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm", "MR_small_RLE.dcm")) {
            InstanceLocation location = store(PydicomCorpus.file("test_files/" + name));
            Response response = get(instancePath(location), DICOM); // the default: Explicit VR Little Endian
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            List<Part> parts = parts(response);
            assertThat(parts).as(name).singleElement().satisfies(p -> assertThat(p.type()).endsWith("transfer-syntax=" + EXPLICIT));
            assertSamePixels(name, twin, DicomFile.read(parts.getFirst().bytes()).attributes());

            // native frames too (the frames resource's default), little endian
            Response frames = get(instancePath(location) + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
            assertThat(frames.statusCode()).as(name + " frames").isEqualTo(200);
            assertThat(parts(frames)).singleElement().satisfies(p -> assertThat(p.bytes()).isEqualTo(twinPixels));
        }
    }

    @Test
    void theDefaultRetrievalOf16BitRgbRleCompletesWithTheSamplesDcmdrleGives() throws Exception {
        for (String name : List.of("SC_rgb_rle_16bit.dcm", "SC_rgb_rle_16bit_2frame.dcm")) {
            Path file = PydicomCorpus.file("test_files/" + name);
            InstanceLocation location = store(file);
            Response response = get(instancePath(location), DICOM);
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            List<Part> parts = parts(response); // the whole body: the connection is not dropped
            assertThat(parts).as(name).singleElement().satisfies(p -> assertThat(p.type()).endsWith("transfer-syntax=" + EXPLICIT));
            AttributeList reference = new AttributeList();
            reference.read(dcmtk("dcmdrle", file, "reference.dcm").toFile());
            assertSamePixels(name, reference, DicomFile.read(parts.getFirst().bytes()).attributes());
        }
    }

    @Test
    void whatCannotBeDecodedIs406BeforeAnyImageByteAndGoesOutAsStoredByDefault() throws Exception {
        for (String name : List.of("SC_rgb_rle_32bit.dcm", "JPEG2000-embedded-sequence-delimiter.dcm")) {
            Path file = PydicomCorpus.file("test_files/" + name);
            InstanceLocation location = store(file);
            String instance = instancePath(location);
            for (String path : List.of(instance + "/rendered", instance + "/thumbnail", "/wado?requestType=WADO&studyUID="
                    + location.studyInstanceUID() + "&seriesUID=" + location.seriesInstanceUID() + "&objectUID="
                    + location.sopInstanceUID())) {
                Response refused = get(path, "image/jpeg");
                assertThat(refused.statusCode()).as(name + " " + path).isEqualTo(406);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.jsonPath().getString("detail")).contains(location.transferSyntaxUID());
            }
            // asked for uncompressed by name: 406 too, for the instance and through WADO-URI
            assertThat(get(instance, DICOM + "; transfer-syntax=" + EXPLICIT).statusCode()).as(name).isEqualTo(406);
            assertThat(get("/wado?requestType=WADO&studyUID=" + location.studyInstanceUID() + "&seriesUID="
                    + location.seriesInstanceUID() + "&objectUID=" + location.sopInstanceUID()
                    + "&contentType=application/dicom&transferSyntax=" + EXPLICIT, "*/*").statusCode()).isEqualTo(406);
            // the default retrieval: as stored, whole
            Response stored = get(instance, DICOM);
            assertThat(stored.statusCode()).as(name).isEqualTo(200);
            List<Part> parts = parts(stored);
            assertThat(parts).singleElement().satisfies(p -> {
                assertThat(p.type()).endsWith("transfer-syntax=" + location.transferSyntaxUID());
                assertThat(p.bytes()).isEqualTo(Files.readAllBytes(file));
            });
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Part(String type, byte[] bytes) {
    }

    private InstanceLocation store(Path file) throws Exception {
        DicomFile dicom = DicomFile.read(file);
        String study = dicom.studyInstanceUid();
        String series = dicom.seriesInstanceUid();
        String sop = dicom.sopInstanceUid();
        BlobKey key = BlobKey.forInstance(study, series, sop);
        try (InputStream in = Files.newInputStream(file)) {
            blobs.write(key, in);
        }
        InstanceLocation location = new InstanceLocation(study, series, sop, dicom.sopClassUid(),
                dicom.transferSyntaxUid(), key.value(), Files.size(file), true, null, null, null, false);
        LocationsServer.declare(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("iris.index.url", String.class), location);
        return location;
    }

    private static String instancePath(InstanceLocation l) {
        return "/studies/" + l.studyInstanceUID() + "/series/" + l.seriesInstanceUID() + "/instances/" + l.sopInstanceUID();
    }

    private static Response get(String path, String accept) {
        return given().auth().oauth2(TOKEN).header("Accept", accept).urlEncodingEnabled(false).get(path);
    }

    private static List<Part> parts(Response response) throws IOException {
        String boundary = MultipartRelatedType.parse(response.contentType()).parameter("boundary");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(response.asByteArray()), boundary);
        List<Part> parts = new ArrayList<>();
        for (MultipartReader.Part part; (part = reader.next()) != null; ) {
            parts.add(new Part(part.headers().get("content-type"), part.body().readAllBytes()));
        }
        return parts;
    }

    private static BufferedImage image(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("a decodable image").isNotNull();
        return image;
    }

    private static long distinctGrays(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()) & 0xFF).distinct().count();
    }

    private static int columns(Path file) throws Exception {
        return com.pixelmed.dicom.Attribute.getSingleIntegerValueOrDefault(DicomFile.read(file).attributes(),
                com.pixelmed.dicom.TagFromName.Columns, 0);
    }

    private static void assertSamePixels(String what, AttributeList expected, AttributeList actual) throws Exception {
        int frames = NativePixels.frameCount(expected);
        assertThat(NativePixels.frameCount(actual)).as(what).isEqualTo(frames);
        for (int f = 0; f < frames; f++) {
            assertThat(NativePixels.frame(actual, f)).as(what + " frame " + f).isDeepEqualTo(NativePixels.frame(expected, f));
        }
    }

    private Path dcmtk(String tool, Path in, String out, String... options) throws Exception {
        Path target = dir.resolve(out);
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(options));
        command.addAll(List.of(in.toString(), target.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(command + " (Debian package dcmtk): " + output).isZero();
        return target;
    }
}

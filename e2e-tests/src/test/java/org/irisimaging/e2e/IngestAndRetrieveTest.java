package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PACS pushes with dcmtk's storescu; then the gateway finds and serves the study through
 * QIDO-RS, WADO-RS (metadata, instance, frames, rendered) and WADO-URI — unmodified.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestAndRetrieveTest {

    private static final String GATEWAY = RunningPlatform.GATEWAY;

    private static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private RunningPlatform platform;
    private String token;
    private Path ct;
    private String study;
    private String series;
    private String instance;

    @BeforeAll
    void pushASampleWithStorescu() throws Exception {
        platform = PlatformExtension.platform(); // started by the extension before this method
        token = platform.serviceToken();
        ct = SampleFiles.pydicom("CT_small.dcm");
        Process store = RunningPlatform.dcmtk("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112",
                ct.toString());
        assertThat(store.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(store.exitValue()).as(new String(store.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        JsonNode studies = json(get("/studies?PatientID=1CT1&includefield=all", "application/dicom+json"));
        assertThat(studies.size()).isEqualTo(1);
        study = text(studies.get(0), "0020000D");
        JsonNode seriesList = json(get("/studies/" + study + "/series", "application/dicom+json"));
        series = text(seriesList.get(0), "0020000E");
        JsonNode instances = json(get("/studies/" + study + "/series/" + series + "/instances", "application/dicom+json"));
        instance = text(instances.get(0), "00080018");
    }

    @Test
    void qidoFindsTheStudyWithItsDicomJsonAttributes() throws Exception {
        JsonNode found = json(get("/studies?PatientName=CompressedSamples*", "application/dicom+json")).get(0);
        assertThat(found.path("00100010").path("vr").asText()).isEqualTo("PN");
        assertThat(found.path("00100010").path("Value").get(0).path("Alphabetic").asText()).isEqualTo("CompressedSamples^CT1");
        assertThat(found.path("00201206").path("Value").get(0).asInt()).isEqualTo(1);
        assertThat(found.path("00201208").path("Value").get(0).asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownQueryKeyIsRefusedNotIgnored() throws Exception {
        HttpResponse<byte[]> response = get("/studies?NoSuchKeyword=1", "application/dicom+json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void pathTricksAndUnknownStudiesAre400And404() throws Exception {
        assertThat(get("/studies/..%2F..%2Fetc/metadata", "application/dicom+json").statusCode()).isIn(400, 404);
        assertThat(get("/studies/1.2.3.4.5.6.7.8.9/metadata", "application/dicom+json").statusCode()).isEqualTo(404);
        assertThat(get("/studies/1.2.3.4.5.6.7.8.9", "multipart/related; type=\"application/dicom\"").statusCode())
                .isEqualTo(404);
    }

    @Test
    void metadataComesFromTheIndex() throws Exception {
        HttpResponse<byte[]> response = get("/studies/" + study + "/metadata", "application/dicom+json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = platform.json.readTree(response.body());
        assertThat(metadata.size()).isEqualTo(1);
        assertThat(metadata.get(0).path("00280010").path("Value").get(0).asInt()).isEqualTo(128);
        // Pixel data by reference (PS3.18 F.2.6), and the reference resolves to the native pixels.
        String bulkDataUri = metadata.get(0).path("7FE00010").path("BulkDataURI").asText();
        assertThat(bulkDataUri).isEqualTo(GATEWAY + "/studies/" + study + "/series/" + series + "/instances/"
                + instance + "/bulkdata/7FE00010");
        HttpResponse<byte[]> pixels = platform.send(HttpRequest.newBuilder(URI.create(bulkDataUri))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "multipart/related; type=\"application/octet-stream\"").GET().build());
        assertThat(pixels.statusCode()).isEqualTo(200);
        assertThat(Multipart.parts(pixels)).singleElement().satisfies(p -> assertThat(p).hasSize(128 * 128 * 2));

        String etag = response.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = platform.send(request("/studies/" + study + "/metadata", "application/dicom+json")
                .header("If-None-Match", etag).build());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void theInstanceComesBackWithIdenticalAttributeValuesThroughWadoRsAndWadoUri() throws Exception {
        // In the syntax the PACS sent (Explicit VR Little Endian): the original as stored, or, once it is
        // removed after its rendition's verification, rebuilt from the rendition — the same either way.
        String original = Dcmdump.dataSet(ct);
        HttpResponse<byte[]> rs = get("/studies/" + study + "/series/" + series + "/instances/" + instance,
                "multipart/related; type=\"application/dicom\"; transfer-syntax=" + EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(rs.statusCode()).isEqualTo(200);
        assertThat(Multipart.parts(rs)).hasSize(1);
        assertThat(Dcmdump.dataSet(Multipart.parts(rs).getFirst())).isEqualTo(original);

        HttpResponse<byte[]> uri = get("/wado?requestType=WADO&studyUID=" + study + "&seriesUID=" + series
                + "&objectUID=" + instance + "&contentType=application/dicom&transferSyntax="
                + EXPLICIT_VR_LITTLE_ENDIAN, "*/*");
        assertThat(uri.statusCode()).isEqualTo(200);
        assertThat(Dcmdump.dataSet(uri.body())).isEqualTo(original);

        assertThat(get("/studies/" + study + "/series/" + series + "/instances/" + instance,
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.90").statusCode())
                .as("no transcoding to JPEG 2000").isEqualTo(406);
    }

    @Test
    void theStudyBecomesAvailableWithALosslessRenditionIdenticalToTheOriginalPixels() throws Exception {
        // transcode-worker renders the CT as JPEG Lossless; QIDO-RS says ONLINE once it is done
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String availability;
        do {
            availability = text(json(get("/studies?StudyInstanceUID=" + study + "&includefield=00080056",
                    "application/dicom+json")).get(0), "00080056");
            if (availability.equals("ONLINE")) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(availability).isEqualTo("ONLINE");

        HttpResponse<byte[]> rs = get("/studies/" + study + "/series/" + series + "/instances/" + instance,
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.70");
        assertThat(rs.statusCode()).isEqualTo(200);
        Path rendition = Files.createTempFile("rendition", ".dcm");
        Path decoded = Files.createTempFile("decoded", ".dcm");
        Files.write(rendition, Multipart.parts(rs).getFirst());
        assertThat(RunningPlatform.runTool("dcmdump", "+P", "TransferSyntaxUID", rendition.toString()))
                .contains("JPEGLossless:Non-hierarchical-1stOrderPrediction");
        // dcmtk's own JPEG decoder reads it, and the pixels are the PACS's, bit for bit
        RunningPlatform.runTool("dcmdjpeg", rendition.toString(), decoded.toString());
        assertThat(RunningPlatform.runTool("dcmdump", "+M", "+L", "+P", "PixelData", decoded.toString()))
                .isEqualTo(RunningPlatform.runTool("dcmdump", "+M", "+L", "+P", "PixelData", ct.toString()))
                .startsWith("(7fe0,0010) OW ");
        // its frame, straight from the stored bitstream: a JPEG Lossless (SOF3) image
        HttpResponse<byte[]> frame = get("/studies/" + study + "/series/" + series + "/instances/" + instance
                + "/frames/1", "multipart/related; type=\"image/jpeg\"; transfer-syntax=1.2.840.10008.1.2.4.70");
        assertThat(frame.statusCode()).isEqualTo(200);
        byte[] jpeg = Multipart.parts(frame).getFirst();
        assertThat(java.util.HexFormat.of().formatHex(jpeg, 0, 4)).isEqualTo("ffd8ffc3");
        assertThat(Files.readAllBytes(rendition)).as("the frame is the rendition's fragment").containsSequence(jpeg);
        assertThat(Dcmdump.dataSet(Files.readAllBytes(decoded)).replaceAll("(?m)^\\(7fe0,0010\\).*$", ""))
                .as("the other attributes too")
                .isEqualTo(Dcmdump.dataSet(ct).replaceAll("(?m)^\\(7fe0,0010\\).*$", ""));
    }

    @Test
    void onceItsRenditionIsVerifiedTheOriginalIsRemovedAndTheInstanceRebuiltFromIt() throws Exception {
        // transcode-worker removes the original after verifying the rendition (iris.retention.originals)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        boolean removed;
        do {
            HttpResponse<String> locations = platform.get(RunningPlatform.STUDY_INDEX + "/api/locations/studies/"
                    + study, platform.serviceToken());
            removed = platform.readJson(locations).get(0).path("originalRemoved").asBoolean();
            if (removed) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        assertThat(removed).as("original removed after verification").isTrue();

        String original = Dcmdump.dataSet(ct);
        // default transfer syntax: Explicit VR Little Endian, decoded from the JPEG Lossless rendition
        HttpResponse<byte[]> rs = get("/studies/" + study + "/series/" + series + "/instances/" + instance,
                "multipart/related; type=\"application/dicom\"");
        assertThat(rs.statusCode()).isEqualTo(200);
        byte[] rebuilt = Multipart.parts(rs).getFirst();
        assertThat(Dcmdump.dataSet(rebuilt)).as("every attribute and every pixel as sent").isEqualTo(original);
        // as stored now: the rendition
        HttpResponse<byte[]> asStored = get("/studies/" + study + "/series/" + series + "/instances/" + instance,
                "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        Path stored = Files.createTempFile("stored", ".dcm");
        Files.write(stored, Multipart.parts(asStored).getFirst());
        assertThat(RunningPlatform.runTool("dcmdump", "+P", "TransferSyntaxUID", stored.toString()))
                .contains("JPEGLossless:Non-hierarchical-1stOrderPrediction");
        // uncompressed frames: decoded, equal to the original's pixel data
        HttpResponse<byte[]> frame = get("/studies/" + study + "/series/" + series + "/instances/" + instance
                + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
        assertThat(frame.statusCode()).isEqualTo(200);
        byte[] pixels = Multipart.parts(frame).getFirst();
        byte[] file = Files.readAllBytes(ct);
        // CT_small.dcm: Pixel Data (32768 bytes) then 126 bytes of trailing padding, 12 bytes of header each
        int pixelDataEnd = file.length - 126 - 12;
        assertThat(pixels).isEqualTo(java.util.Arrays.copyOfRange(file, pixelDataEnd - 128 * 128 * 2, pixelDataEnd));
        // rendered from the rendition
        assertThat(get("/studies/" + study + "/series/" + series + "/instances/" + instance + "/rendered",
                "image/jpeg").statusCode()).isEqualTo(200);
    }

    @Test
    void aSeriesDownloadsAsJpegFilesOrAsRenderedParts() throws Exception {
        HttpResponse<byte[]> zip = get("/studies/" + study + "/series/" + series + "/rendered", "application/zip");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");
        java.util.List<String> names = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream entries = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(zip.body()))) {
            for (java.util.zip.ZipEntry e; (e = entries.getNextEntry()) != null; ) {
                names.add(e.getName());
                byte[] jpeg = entries.readAllBytes();
                assertThat(java.util.HexFormat.of().formatHex(jpeg, 0, 3)).as(e.getName()).isEqualTo("ffd8ff");
            }
        }
        assertThat(names).containsExactly("IMG00001.jpg");

        HttpResponse<byte[]> parts = get("/studies/" + study + "/series/" + series + "/rendered?quality=50",
                "multipart/related; type=\"image/jpeg\"");
        assertThat(parts.statusCode()).isEqualTo(200);
        assertThat(Multipart.parts(parts)).hasSize(1);
        assertThat(get("/studies/" + study + "/series/" + series + "/rendered?size=2", "application/zip").statusCode())
                .as("unknown parameter").isEqualTo(400);
    }


    @Test
    void framesAndRenderedImagesAreServed() throws Exception {
        HttpResponse<byte[]> frames = get("/studies/" + study + "/series/" + series + "/instances/" + instance
                + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
        assertThat(frames.statusCode()).isEqualTo(200);
        assertThat(Multipart.parts(frames)).singleElement()
                .satisfies(frame -> assertThat(frame).hasSize(128 * 128 * 2));

        HttpResponse<byte[]> jpeg = get("/studies/" + study + "/series/" + series + "/instances/" + instance
                + "/rendered?window=40,400&viewport=64,64&quality=80", "image/jpeg");
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.body()[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg.body()[1] & 0xff).isEqualTo(0xd8);

        HttpResponse<byte[]> png = get("/wado?requestType=WADO&studyUID=" + study + "&seriesUID=" + series
                + "&objectUID=" + instance + "&contentType=image/png", "*/*");
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(new String(png.body(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");

        assertThat(get("/studies/" + study + "/series/" + series + "/instances/" + instance + "/rendered?bogus=1",
                "image/jpeg").statusCode()).isEqualTo(400);
    }

    @Test
    void theStoredInstanceIsAnnouncedThroughStudyIndexOutbox() throws Exception {
        // instance.received is written with the registration and relayed to Kafka after the commit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String metrics;
        do {
            metrics = new String(platform.send(HttpRequest.newBuilder(
                    URI.create(RunningPlatform.STUDY_INDEX + "/q/metrics")).build()).body(), StandardCharsets.UTF_8);
            if (metric(metrics, "iris_outbox_relayed_total") >= 1 && metric(metrics, "iris_outbox_pending") == 0) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(metric(metrics, "iris_outbox_relayed_total")).as("events relayed to Kafka").isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "iris_outbox_pending")).as("events still waiting").isZero();
    }

    /**
     * ADR 0018 through the real platform: a study stored from STORESCU, then the same study (a
     * forwarded copy naming another prescriber) from ORTHANC, another allowed AE title: refused with
     * 0xC201, and the study is still STORESCU's, with its own prescriber only.
     */
    @Test
    void aStudyBelongsToItsSourceAnotherAeTitleIsRefused() throws Exception {
        String owned = newUid();
        String series = newUid();
        String patient = "E2E-OWN-" + newUid().substring(5, 15);
        Path first = SampleFiles.copy(SampleFiles.pydicom("CT_small.dcm"), new SampleFiles.Copy(owned, series,
                newUid(), patient, "OWNER^Patient", "E2E-OWN", "20250314", "RPPS", "10000000011"));
        RunningPlatform.runTool("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112", first.toString());
        Path forwarded = SampleFiles.copy(SampleFiles.pydicom("CT_small.dcm"), new SampleFiles.Copy(owned, newUid(),
                newUid(), patient, "OWNER^Patient", "E2E-OWN", "20250314", "RPPS", "10000000099"));

        Process store = RunningPlatform.dcmtk("storescu", "-d", "-aet", "ORTHANC", "-aec", "IRIS", "localhost",
                "11112", forwarded.toString());
        String answer = new String(store.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(store.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(store.exitValue()).as("storescu reports the failed store").isNotZero();

        assertThat(answer).contains("DIMSE Status                  : 0xc201: Error: Cannot understand")
                .contains("[Study belongs to another source]");
        JsonNode studies = json(get("/studies?StudyInstanceUID=" + owned + "&includefield=00201208",
                "application/dicom+json"));
        assertThat(text(studies.get(0), "00201208")).as("one instance: the forwarded one was not kept").isEqualTo("1");
    }

    private static String newUid() {
        java.util.UUID u = java.util.UUID.randomUUID();
        return "2.25." + new java.math.BigInteger(1, java.util.HexFormat.of().parseHex(u.toString().replace("-", "")));
    }

    @Test
    void aTruncatedFileIsRefusedAndNothingIsStored() throws Exception {
        Path truncated = Files.createTempFile("truncated", ".dcm");
        byte[] original = Files.readAllBytes(SampleFiles.pydicom("MR_small.dcm"));
        Files.write(truncated, java.util.Arrays.copyOf(original, original.length / 2));
        Process store = RunningPlatform.dcmtk("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112",
                truncated.toString());
        assertThat(store.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(json(get("/studies?PatientID=4MR1", "application/dicom+json")).size())
                .as("the truncated MR is not in the index").isZero();
    }

    @Test
    void frenchNamesInIsoIr100ComeBackRightInDicomJson() throws Exception {
        Path french = SampleFiles.pydicom("chrFren.dcm");
        Process store = RunningPlatform.dcmtk("storescu", "-aet", "STORESCU", "-aec", "IRIS", "localhost", "11112",
                french.toString());
        assertThat(store.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(store.exitValue()).isZero();

        JsonNode found = json(get("/studies?PatientName=buc*", "application/dicom+json"));
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).path("00100010").path("Value").get(0).path("Alphabetic").asText()).isEqualTo("Buc^Jérôme");
        JsonNode fuzzy = json(get("/studies?PatientName=jerome&fuzzymatching=true", "application/dicom+json"));
        assertThat(fuzzy.size()).as("accent-insensitive fuzzy matching").isEqualTo(1);
    }

    @Test
    void aPractitionerWhoIsNeitherItsPrescriberNorTheSitesStaffSeesNothingOfTheStudy() throws Exception {
        // CT_small names no referring physician identifier, and the demo prescriber is a practitioner
        // of the establishment, not its site admin: the study is not hers to see (StudyAccessTest has the rest)
        HttpResponse<String> signIn = platform.post(RunningPlatform.IDENTITY + "/dev/sign-in", "username=prescriber",
                RunningPlatform.basic("dev-cli", "dev-secret"));
        String practitioner = platform.readJson(signIn).path("access_token").asText();
        HttpResponse<String> search = platform.get(GATEWAY + "/studies?PatientID=1CT1", practitioner);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(platform.readJson(search).size()).as("not listed").isZero();
        assertThat(platform.get(GATEWAY + "/studies/" + study + "/metadata", practitioner).statusCode()).isEqualTo(404);
        assertThat(platform.get(GATEWAY + "/studies/" + study + "/series/" + series + "/instances/" + instance
                + "/rendered", practitioner).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> stow = platform.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/studies"))
                .header("Authorization", "Bearer " + practitioner)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--")).build());
        assertThat(stow.statusCode()).isEqualTo(403);
    }

    // --- helpers ---

    private HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
        return platform.send(request(path, accept).build());
    }

    private HttpRequest.Builder request(String path, String accept) {
        return HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", accept)
                .GET();
    }

    private JsonNode json(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isIn(200, 204);
        return response.body().length == 0 ? platform.json.createArrayNode() : platform.json.readTree(response.body());
    }

    /** A Prometheus sample's value (the first line of that name), or -1 when absent. */
    private static double metric(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static String text(JsonNode dataset, String tag) {
        return dataset.path(tag).path("Value").get(0).asText();
    }
}

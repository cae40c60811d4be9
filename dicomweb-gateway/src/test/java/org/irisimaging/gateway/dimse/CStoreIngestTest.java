package org.irisimaging.gateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.DicomJson;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.gateway.index.ContractServerControl;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.gateway.ingest.IngestConfig;
import org.irisimaging.dicom.SopClasses;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.Uids;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-STORE through the whole ingest flow, with real peers: dcmtk's storescu (and PixelMed's SCU for
 * malformed input) against the running gateway, its blob store in a temporary directory, the
 * study-index contract server, and the embedded Kafka broker.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class CStoreIngestTest {

    private static final String AE = "IRIS";
    /**
     * Corpus files that parse but that no well-behaved SCU sends: left out of the corpus tests, with
     * the reason.
     */
    private static final Map<String, String> UNSENDABLE = Map.of(
            "693_J2KI.dcm", "Pixel Data (OW) of odd length in an encapsulated transfer syntax: dcmtk's storescu"
                    + " fails to send it, PixelMed refuses an odd-length data set");
    /** Corpus files that dcmtk's storescu cannot send (the raw sender can). */
    private static final Map<String, String> STORESCU_CANNOT_SEND = Map.of(
            "rtdose_rle.dcm", "UIDs encoded with VR UN: storescu finds no SOP Class UID",
            "rtdose_rle_1frame.dcm", "UIDs encoded with VR UN: storescu finds no SOP Class UID");
    /** storescu's option proposing each transfer syntax (with the uncompressed ones as fallback). */
    private static final Map<String, String> PROPOSE = Map.ofEntries(
            Map.entry(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, "-xi"),
            Map.entry(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, "-xe"),
            Map.entry(TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN, "-xb"),
            Map.entry(TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "-xd"),
            Map.entry(TransferSyntaxes.JPEG_BASELINE, "-xy"),
            Map.entry(TransferSyntaxes.JPEG_EXTENDED, "-xx"),
            Map.entry(TransferSyntaxes.JPEG_LOSSLESS_SV1, "-xs"),
            Map.entry(TransferSyntaxes.JPEG_LS_LOSSLESS, "-xt"),
            Map.entry(TransferSyntaxes.JPEG_LS_NEAR_LOSSLESS, "-xu"),
            Map.entry(TransferSyntaxes.JPEG_2000_LOSSLESS, "-xv"),
            Map.entry(TransferSyntaxes.JPEG_2000, "-xw"),
            Map.entry(TransferSyntaxes.RLE_LOSSLESS, "-xr"));

    @Inject
    DimseServer server;
    @Inject
    BlobStore blobs;
    @Inject
    IngestConfig ingestConfig;

    ContractServerControl contract;
    int port;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        contract = new ContractServerControl();
        contract.reset();
        port = server.port();
    }

    @Test
    void storableCorpusFilesSentByStorescuAreStoredAndRegistered() throws Exception {
        List<Path> storable = storableCorpusFiles();
        Set<String> transferSyntaxes = new HashSet<>();
        for (Path file : storable) {
            if (STORESCU_CANNOT_SEND.containsKey(file.getFileName().toString())) {
                continue;
            }
            contract.reset(); // corpus files reuse UIDs across variants: each is judged on its own
            DicomFile original = DicomFile.read(file);
            // propose the file's own SOP class and transfer syntax, as a PACS configured for them does
            Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, port,
                    List.of("--required", PROPOSE.get(original.transferSyntaxUid())), List.of(file));
            assertThat(r.exitCode()).as(file + "\n" + r.output()).isZero();
            assertThat(r.output().lines().filter(l -> l.contains("Converting transfer syntax: "))
                    .map(l -> l.substring(l.indexOf("Converting transfer syntax: ") + 28).split(" -> "))
                    .filter(fromTo -> !fromTo[0].equals(fromTo[1])).toList())
                    .as(file + ": storescu converted it\n" + r.output()).isEmpty();
            assertThat(Dcmtk.storeResponses(r)).as(file + "\n" + r.output()).containsExactly("Success");

            BlobKey key = BlobKey.forInstance(original.studyInstanceUid(), original.seriesInstanceUid(),
                    original.sopInstanceUid());
            Path stored = blobFile(key);
            assertThat(stored).as(file.toString()).exists();
            // dcmtk re-encodes what it sends (group lengths recalculated, deflate redone): the
            // byte-for-byte check is the next test's; here, the same object in the same syntax.
            DicomFile storedFile = DicomFile.read(stored);
            assertThat(storedFile.transferSyntaxUid()).as(file.toString()).isEqualTo(original.transferSyntaxUid());
            assertThat(storedFile.sopInstanceUid()).isEqualTo(original.sopInstanceUid());
            assertThat(storedFile.mediaStorageSopInstanceUid()).isEqualTo(original.sopInstanceUid());
            assertThat(DicomJson.toJson(storedFile)).as(file + ": same attributes and values")
                    .isEqualTo(DicomJson.toJson(original));
            transferSyntaxes.add(original.transferSyntaxUid());

            List<JsonNode> requests = contract.requestsFor(original.sopInstanceUid());
            assertThat(requests).as(file.toString()).hasSize(1);
            JsonNode request = requests.get(0);
            assertThat(request.path("authorization").asText()).startsWith("Bearer ey");
            assertThat(request.path("contentType").asText()).startsWith("application/json");
            JsonNode body = request.path("body");
            assertThat(body.path("source").path("kind").asText()).isEqualTo("DIMSE");
            assertThat(body.path("source").path("callingAeTitle").asText()).isEqualTo("STORESCU");
            assertThat(body.path("source").path("remoteAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(body.path("blob").path("key").asText()).isEqualTo(key.value());
            assertThat(body.path("blob").path("sha256").asText()).isEqualTo(Part10.sha256(stored));
            assertThat(body.path("blob").path("sizeBytes").asLong()).isEqualTo(Files.size(stored));
            assertThat(body.path("transferSyntaxUID").asText()).isEqualTo(original.transferSyntaxUid());
            JsonNode dataset = body.path("dataset");
            assertThat(value(dataset, "0020000D")).isEqualTo(original.studyInstanceUid());
            assertThat(value(dataset, "0020000E")).isEqualTo(original.seriesInstanceUid());
            assertThat(value(dataset, "00080018")).isEqualTo(original.sopInstanceUid());
            assertThat(value(dataset, "00080016")).isEqualTo(original.sopClassUid());
            assertThat(dataset.has("00020010")).as("no file meta information").isFalse();
            if (dataset.has("7FE00010")) {
                JsonNode pixelData = dataset.path("7FE00010");
                assertThat(pixelData.has("Value") || pixelData.has("InlineBinary")).as("no pixel data value").isFalse();
                assertThat(pixelData.path("BulkDataURI").asText()).as("pixel data by reference")
                        .endsWith("/studies/" + original.studyInstanceUid() + "/series/" + original.seriesInstanceUid()
                                + "/instances/" + original.sopInstanceUid() + "/bulkdata/7FE00010");
            }
        }
        assertThat(transferSyntaxes).as("transfer syntaxes covered").contains(
                TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN, TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntaxes.JPEG_BASELINE, TransferSyntaxes.JPEG_EXTENDED,
                TransferSyntaxes.JPEG_LOSSLESS_SV1, TransferSyntaxes.JPEG_LS_LOSSLESS,
                TransferSyntaxes.JPEG_2000_LOSSLESS, TransferSyntaxes.JPEG_2000,
                TransferSyntaxes.RLE_LOSSLESS);
        assertSpoolEmpty();
    }

    @Test
    void storableCorpusDataSetsAreStoredByteForByte() throws Exception {
        for (Path file : storableCorpusFiles()) {
            contract.reset();
            DicomFile original = DicomFile.read(file);
            byte[] dataSet = Part10.dataSet(file); // exactly the file's data set, sent as is
            if (dataSet.length % 2 != 0) {
                // PS3.5 A.5: a deflated data set is padded to even length; nothing else may be odd
                assertThat(original.transferSyntaxUid()).as(file.toString())
                        .isEqualTo(TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
                dataSet = java.util.Arrays.copyOf(dataSet, dataSet.length + 1);
            }

            RawStoreScu.Response response = RawStoreScu.store(port, AE, "STORESCU", original.sopClassUid(),
                    original.sopInstanceUid(), original.transferSyntaxUid(), dataSet);

            assertThat(response.status()).as(file + ": " + response.errorComment()).isZero();
            Path stored = blobFile(BlobKey.forInstance(original.studyInstanceUid(), original.seriesInstanceUid(),
                    original.sopInstanceUid()));
            assertThat(Part10.dataSet(stored)).as(file + ": data set bytes").isEqualTo(dataSet);
            assertThat(DicomFile.read(stored).transferSyntaxUid()).isEqualTo(original.transferSyntaxUid());
            assertThat(contract.requestsFor(original.sopInstanceUid())).singleElement()
                    .satisfies(r -> assertThat(r.path("body").path("blob").path("sha256").asText())
                            .isEqualTo(Part10.sha256(stored)));
        }
        assertSpoolEmpty();
    }

    @Test
    void aDataSetWithoutStudyInstanceUidIsRefusedAndLeavesNothing() throws Exception {
        String sop = SyntheticInstances.uid();
        AttributeList list = SyntheticInstances.secondaryCapture(sop, null, SyntheticInstances.uid());
        Path file = SyntheticInstances.write(list, tmp.resolve("no-study.dcm"));

        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, port, List.of("-d"), List.of(file));

        assertThat(r.output()).contains("DIMSE Status                  : 0xa900: Error: Data Set does not match SOP Class")
                .contains("[missing Study Instance UID (0020,000D)]");
        assertNothingKeptOf(sop);
    }

    @Test
    void aTruncatedDataSetIsRefusedAsCannotUnderstand() throws Exception {
        String sop = SyntheticInstances.uid();
        byte[] dataSet = encode(SyntheticInstances.secondaryCapture(sop, SyntheticInstances.uid(), SyntheticInstances.uid()));
        byte[] truncated = java.util.Arrays.copyOf(dataSet, dataSet.length - 2); // ends inside Pixel Data

        RawStoreScu.Response response = RawStoreScu.store(port, AE, "STORESCU", SOPClass.SecondaryCaptureImageStorage,
                sop, TransferSyntax.ExplicitVRLittleEndian, truncated);

        assertThat(response.status()).isEqualTo(0xC000);
        assertThat(response.errorComment()).startsWith("truncated");
        assertNothingKeptOf(sop);
    }

    @Test
    void aDataSetContradictingItsCommandIsRefused() throws Exception {
        String announced = SyntheticInstances.uid();
        String inData = SyntheticInstances.uid();
        byte[] dataSet = encode(SyntheticInstances.secondaryCapture(inData, SyntheticInstances.uid(), SyntheticInstances.uid()));

        RawStoreScu.Response instance = RawStoreScu.store(port, AE, "STORESCU", SOPClass.SecondaryCaptureImageStorage,
                announced, TransferSyntax.ExplicitVRLittleEndian, dataSet);
        RawStoreScu.Response sopClass = RawStoreScu.store(port, AE, "STORESCU", SOPClass.CTImageStorage, inData,
                TransferSyntax.ExplicitVRLittleEndian, dataSet);

        RawStoreScu.Response notNegotiated = RawStoreScu.store(port, AE, "STORESCU",
                SOPClass.SecondaryCaptureImageStorage, SOPClass.CTImageStorage, inData,
                TransferSyntax.ExplicitVRLittleEndian, dataSet);

        assertThat(notNegotiated.status()).as("SOP class not supported").isEqualTo(0x0122);
        assertThat(instance.status()).isEqualTo(0xA900);
        assertThat(instance.errorComment()).contains("Affected SOP Instance UID");
        assertThat(sopClass.status()).isEqualTo(0xA900);
        assertThat(sopClass.errorComment()).contains("Affected SOP Class UID");
        assertNothingKeptOf(announced);
        assertNothingKeptOf(inData);
    }

    @Test
    void aUidWithLeadingZerosIsRefused() throws Exception {
        String sop = SyntheticInstances.uid();
        AttributeList list = SyntheticInstances.secondaryCapture(sop, "1.2.03.4", SyntheticInstances.uid());
        Path file = SyntheticInstances.write(list, tmp.resolve("leading-zero.dcm"));

        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(file));

        assertThat(Dcmtk.storeResponses(r)).as(r.output()).containsExactly("Error: DataSetDoesNotMatchSOPClass");
        assertNothingKeptOf(sop);
    }

    @Test
    void registrationFailingIsOutOfResourcesAfterRetriesAndRemovesTheNewBlob() throws Exception {
        String study = SyntheticInstances.uid();
        String series = SyntheticInstances.uid();
        String sop = SyntheticInstances.uid();
        Path file = SyntheticInstances.write(SyntheticInstances.secondaryCapture(sop, study, series), tmp.resolve("a.dcm"));
        contract.answer(sop, 500);

        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(file));

        assertThat(Dcmtk.storeResponses(r)).as(r.output()).containsExactly("Refused: OutOfResources");
        assertThat(contract.requestsFor(sop)).as("1 attempt + 3 retries").hasSize(4);
        assertNoBlobOrSpoolFileOf(sop);

        // once study-index-service is back, the sender's retry goes through
        contract.reset();
        Dcmtk.Result retry = Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(file));
        assertThat(Dcmtk.storeResponses(retry)).as(retry.output()).containsExactly("Success");
        assertThat(blobs.exists(BlobKey.forInstance(study, series, sop))).isTrue();
        assertThat(contract.requestsFor(sop)).hasSize(1);
    }

    @Test
    void aConflictingInstanceIsAProcessingFailureAndTheOriginalStays() throws Exception {
        String sop = SyntheticInstances.uid();
        String study = SyntheticInstances.uid();
        String series = SyntheticInstances.uid();
        Path original = SyntheticInstances.write(SyntheticInstances.secondaryCapture(sop, study, series),
                tmp.resolve("original.dcm"));
        String otherStudy = SyntheticInstances.uid();
        Path conflicting = SyntheticInstances.write(SyntheticInstances.secondaryCapture(sop, otherStudy, series),
                tmp.resolve("conflicting.dcm"));

        Dcmtk.Result first = Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(original));
        assertThat(Dcmtk.storeResponses(first)).as(first.output()).containsExactly("Success");
        String storedSha = Part10.sha256(blobFile(BlobKey.forInstance(study, series, sop)));

        Dcmtk.Result second = Dcmtk.storescu("STORESCU", AE, port, List.of("-d"), List.of(conflicting));

        assertThat(second.output()).contains("DIMSE Status                  : 0x0110: Failure")
                .contains("[SOP Instance UID registered under another study or series]");
        assertThat(blobs.exists(BlobKey.forInstance(otherStudy, series, sop))).as("new blob removed").isFalse();
        assertThat(Part10.sha256(blobFile(BlobKey.forInstance(study, series, sop)))).as("original untouched")
                .isEqualTo(storedSha);
    }

    /**
     * ADR 0018 through a real SCU: an allowed AE title sending instances of a study another source
     * registered — a replacement of one of its instances, or a new instance — gets 0xC201 and
     * changes nothing: the owner's blob is as it was, the new one is gone.
     */
    @Test
    void anotherSourcesInstancesOfARegisteredStudyAreRefusedAndTheOwnersBlobStays() throws Exception {
        String sop = SyntheticInstances.uid();
        String study = SyntheticInstances.uid();
        String series = SyntheticInstances.uid();
        BlobKey key = BlobKey.forInstance(study, series, sop);
        Path original = SyntheticInstances.write(SyntheticInstances.secondaryCapture(sop, study, series),
                tmp.resolve("owner.dcm"));
        assertThat(Dcmtk.storeResponses(Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(original))))
                .containsExactly("Success");
        String ownerSha = Part10.sha256(blobFile(key));

        AttributeList replacement = SyntheticInstances.secondaryCapture(sop, study, series);
        SyntheticInstances.put(replacement, new LongStringAttribute(TagFromName.SeriesDescription), "forged");
        Path replacing = SyntheticInstances.write(replacement, tmp.resolve("replacing.dcm"));
        String newSop = SyntheticInstances.uid();
        Path adding = SyntheticInstances.write(SyntheticInstances.secondaryCapture(newSop, study, SyntheticInstances.uid()),
                tmp.resolve("adding.dcm"));

        for (Path file : List.of(replacing, adding)) { // storescu halts at the first failure
            Dcmtk.Result refused = Dcmtk.storescu("ORTHANC", AE, port, List.of("-d"), List.of(file));
            assertThat(refused.output()).contains("DIMSE Status                  : 0xc201: Error: Cannot understand")
                    .contains("[Study belongs to another source]");
        }
        assertThat(Part10.sha256(blobFile(key))).as("the owner's blob untouched").isEqualTo(ownerSha);
        try (Stream<Path> files = Files.list(blobFile(key).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(sop + ".dcm");
        }
        assertNoBlobOrSpoolFileOf(newSop);
    }

    /** ADR 0018: the study's own source naming another patient gets 0xC202, and nothing is kept. */
    @Test
    void anInstanceOfAnotherPatientIsAPatientMismatch() throws Exception {
        String study = SyntheticInstances.uid();
        String series = SyntheticInstances.uid();
        Path first = SyntheticInstances.write(SyntheticInstances.secondaryCapture(SyntheticInstances.uid(), study, series),
                tmp.resolve("first.dcm"));
        assertThat(Dcmtk.storeResponses(Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(first))))
                .containsExactly("Success");
        String sop = SyntheticInstances.uid();
        AttributeList other = SyntheticInstances.secondaryCapture(sop, study, series);
        SyntheticInstances.put(other, new LongStringAttribute(TagFromName.PatientID), "SYNTH-2");
        Path mismatch = SyntheticInstances.write(other, tmp.resolve("mismatch.dcm"));

        Dcmtk.Result refused = Dcmtk.storescu("STORESCU", AE, port, List.of("-d"), List.of(mismatch));

        assertThat(refused.output()).contains("DIMSE Status                  : 0xc202: Error: Cannot understand")
                .contains("[Patient ID/Issuer differ from the study's patient]");
        assertNoBlobOrSpoolFileOf(sop);
    }

    @Test
    void aReSentInstanceReplacesItsBlobAndAFailedReSendRestoresThePreviousOne() throws Exception {
        String sop = SyntheticInstances.uid();
        String study = SyntheticInstances.uid();
        String series = SyntheticInstances.uid();
        BlobKey key = BlobKey.forInstance(study, series, sop);
        Path v1 = SyntheticInstances.write(SyntheticInstances.secondaryCapture(sop, study, series), tmp.resolve("v1.dcm"));
        AttributeList corrected = SyntheticInstances.secondaryCapture(sop, study, series);
        SyntheticInstances.put(corrected, new LongStringAttribute(TagFromName.SeriesDescription), "corrected");
        Path v2 = SyntheticInstances.write(corrected, tmp.resolve("v2.dcm"));
        AttributeList again = SyntheticInstances.secondaryCapture(sop, study, series);
        SyntheticInstances.put(again, new LongStringAttribute(TagFromName.SeriesDescription), "corrected again");
        Path v3 = SyntheticInstances.write(again, tmp.resolve("v3.dcm"));

        assertThat(Dcmtk.storeResponses(Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(v1)))).containsExactly("Success");
        assertThat(Dcmtk.storeResponses(Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(v2)))).containsExactly("Success");
        assertThat(Part10.dataSet(blobFile(key))).isEqualTo(Part10.dataSet(v2));
        String v2Sha = Part10.sha256(blobFile(key));

        contract.answer(sop, 503);
        Dcmtk.Result failed = Dcmtk.storescu("STORESCU", AE, port, List.of(), List.of(v3));

        assertThat(Dcmtk.storeResponses(failed)).as(failed.output()).containsExactly("Refused: OutOfResources");
        assertThat(Part10.sha256(blobFile(key))).as("previous version restored").isEqualTo(v2Sha);
        try (Stream<Path> files = Files.list(blobFile(key).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(sop + ".dcm");
        }
    }

    @Test
    void aSequenceNestedThreeThousandDeepIsRefusedAndTheAssociationGoesOn() throws Exception {
        // Once, such a data set overflowed the association thread's stack: no response, connection dropped.
        String deep = SyntheticInstances.uid();
        AttributeList list = SyntheticInstances.secondaryCapture(deep, SyntheticInstances.uid(), SyntheticInstances.uid());
        list.remove(TagFromName.PixelData);
        Path nested = SyntheticInstances.write(list, tmp.resolve("nested.dcm"));
        Files.write(nested, SyntheticInstances.nestedContentSequence(3_000), java.nio.file.StandardOpenOption.APPEND);
        String fine = SyntheticInstances.uid();
        Path after = SyntheticInstances.write(
                SyntheticInstances.secondaryCapture(fine, SyntheticInstances.uid(), SyntheticInstances.uid()),
                tmp.resolve("after.dcm"));

        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, port, List.of("-d", "--no-halt"), List.of(nested, after));

        // the same association answers the refusal, then stores the next instance, then is released
        String outcome = r.output().lines().filter(l -> l.contains("Store Response") || l.contains("DIMSE Status")
                || l.contains("ErrorComment") || l.contains("Association")).toList().toString();
        assertThat(r.exitCode()).as(outcome).isZero();
        assertThat(outcome.split("Received Store Response", -1)).as(outcome).hasSize(3);
        assertThat(outcome).contains("0xc000: Error: Cannot understand", "sequences nested",
                "0x0000: Success", "Releasing Association").doesNotContain("Abort");
        assertNothingKeptOf(deep);
        assertThat(contract.requestsFor(fine)).hasSize(1);
    }

    @Test
    void anUnknownCallingAeIsRejectedAtAssociation() throws Exception {
        String sop = SyntheticInstances.uid();
        Path file = SyntheticInstances.write(
                SyntheticInstances.secondaryCapture(sop, SyntheticInstances.uid(), SyntheticInstances.uid()),
                tmp.resolve("intruder.dcm"));

        Dcmtk.Result r = Dcmtk.storescu("INTRUDER", AE, port, List.of(), List.of(file));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Association Rejected").contains("Calling AE Title Not Recognized");
        assertNothingKeptOf(sop);
    }

    @Test
    void fourConcurrentAssociationsStoreASyntheticStudy() throws Exception {
        List<Path> files = SyntheticInstances.ctSeries(tmp, 50);
        List<List<Path>> shares = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            shares.get(i % 4).add(files.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Dcmtk.Result>> runs = new ArrayList<>();
            for (List<Path> share : shares) {
                runs.add(pool.submit(() -> Dcmtk.storescu("STORESCU", AE, port, List.of(), share)));
            }
            for (int i = 0; i < runs.size(); i++) {
                Dcmtk.Result r = runs.get(i).get();
                assertThat(r.exitCode()).as(r.output()).isZero();
                assertThat(Dcmtk.storeResponses(r)).as(r.output()).hasSize(shares.get(i).size()).containsOnly("Success");
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> sops = new HashSet<>();
        for (Path file : files) {
            DicomFile f = DicomFile.read(file);
            sops.add(f.sopInstanceUid());
            Path stored = blobFile(BlobKey.forInstance(f.studyInstanceUid(), f.seriesInstanceUid(), f.sopInstanceUid()));
            assertThat(Part10.dataSet(stored)).isEqualTo(Part10.dataSet(file));
        }
        assertThat(sops).hasSize(50);
        assertThat(contract.requests()).hasSize(50);
        assertSpoolEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** The corpus files the gateway must store: well-formed, storable, strict UIDs, stored transfer syntax. */
    private static List<Path> storableCorpusFiles() throws IOException {
        List<Path> storable = new ArrayList<>();
        for (Path file : PydicomCorpus.all()) {
            if (isStorable(file) && !UNSENDABLE.containsKey(file.getFileName().toString())) {
                storable.add(file);
            }
        }
        assertThat(storable).as("storable corpus files").hasSizeGreaterThanOrEqualTo(40);
        return storable;
    }

    private static boolean isStorable(Path file) {
        try {
            DicomFile f = DicomFile.read(file).requireInstanceUids();
            return TransferSyntaxes.isStored(f.transferSyntaxUid())
                    && SopClasses.isStorage(f.sopClassUid())
                    && Uids.isValidStrict(f.studyInstanceUid()) && Uids.isValidStrict(f.seriesInstanceUid())
                    && Uids.isValidStrict(f.sopInstanceUid());
        } catch (InvalidDicomException | IOException e) {
            return false;
        }
    }

    private Path blobFile(BlobKey key) {
        return Path.of(ConfigProvider.getConfig().getValue("iris.blob.root", String.class)).resolve(key.value());
    }

    /** No blob, no registration, no spool file for {@code sop}. */
    private void assertNothingKeptOf(String sop) throws Exception {
        assertThat(contract.requestsFor(sop)).as("registrations of " + sop).isEmpty();
        assertNoBlobOrSpoolFileOf(sop);
    }

    private void assertNoBlobOrSpoolFileOf(String sop) throws Exception {
        Path root = Path.of(ConfigProvider.getConfig().getValue("iris.blob.root", String.class));
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains(sop)).toList()).as("blobs of " + sop).isEmpty();
        }
        assertSpoolEmpty();
    }

    private void assertSpoolEmpty() throws IOException {
        try (Stream<Path> spool = Files.list(ingestConfig.spoolDirectory())) {
            assertThat(spool.toList()).as("spool files left").isEmpty();
        }
    }

    private static String value(JsonNode dataset, String tag) {
        return dataset.path(tag).path("Value").path(0).asText(null);
    }

    /** The data set alone (no file meta information), explicit VR little endian. */
    private static byte[] encode(AttributeList list) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dicom = new DicomOutputStream(out, null, TransferSyntax.ExplicitVRLittleEndian);
        list.write(dicom);
        dicom.flush();
        return out.toByteArray();
    }
}

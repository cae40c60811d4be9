package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.gateway.index.ContractServerControl;
import org.irisimaging.gateway.index.IngestTestResource;
import org.irisimaging.gateway.stow.HostileInputTest;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.HostileDicom;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile inputs of {@link HostileInputTest} sent by C-STORE: each ends in a DIMSE failure
 * status, and nothing of the instance is kept (docs/security-tests.md, "Hostile input").
 */
@QuarkusTest
@TestProfile(HostileInputTest.Limits.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class HostileCStoreTest {

    private static final String AE = "IRIS";

    @Inject
    DimseServer server;

    private final ContractServerControl contract = new ContractServerControl();

    @TempDir
    Path tmp;

    @BeforeEach
    void reset() {
        contract.reset();
    }

    @Test
    void aMultiValuedStudyInstanceUidIsRefused() throws Exception {
        String sop = SyntheticInstances.uid();
        AttributeList list = SyntheticInstances.secondaryCapture(sop, SyntheticInstances.uid(), SyntheticInstances.uid());
        Attribute study = new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID);
        study.addValue("2.25.111");
        study.addValue("2.25.222");
        list.put(study);
        Path file = SyntheticInstances.write(list, tmp.resolve("two-studies.dcm"));

        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, server.port(), List.of(), List.of(file));

        assertThat(Dcmtk.storeResponses(r)).as(r.output()).containsExactly("Error: DataSetDoesNotMatchSOPClass");
        assertNothingKeptOf(sop);
    }

    @Test
    void aSequenceNested3000DeepIsCannotUnderstandAndTheAssociationLives() throws Exception {
        Path file = tmp.resolve("nested.dcm");
        Files.write(file, HostileDicom.nestedSequences(
                Files.readAllBytes(PydicomCorpus.file("test_files/CT_small.dcm")), 3000));
        Path fine = PydicomCorpus.file("test_files/MR_small.dcm");

        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, server.port(), List.of("--no-halt"), List.of(file, fine));

        assertThat(Dcmtk.storeResponses(r)).as(r.output()).containsExactly("Error: CannotUnderstand", "Success");
    }

    @Test
    void aCutDeflatedDataSetIsCannotUnderstand() throws Exception {
        String sop = SyntheticInstances.uid();
        byte[] deflated = deflated(SyntheticInstances.secondaryCapture(sop, SyntheticInstances.uid(),
                SyntheticInstances.uid()));

        RawStoreScu.Response response = RawStoreScu.store(server.port(), AE, "STORESCU",
                SOPClass.SecondaryCaptureImageStorage, sop, TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                Arrays.copyOf(deflated, deflated.length - 10));

        assertThat(response.status()).isEqualTo(0xC000);
        assertThat(response.errorComment()).startsWith("truncated");
        assertNothingKeptOf(sop);
    }

    @Test
    void aDeflateBombIsOutOfResources() throws Exception {
        String sop = SyntheticInstances.uid();
        AttributeList list = SyntheticInstances.secondaryCapture(sop, SyntheticInstances.uid(), SyntheticInstances.uid());
        OtherByteAttribute padding = new OtherByteAttribute(new com.pixelmed.dicom.AttributeTag(0x0009, 0x1010));
        padding.setValues(new byte[64 * 1024 * 1024]); // 64 MB of zeros: about 65 KB deflated
        list.put(new com.pixelmed.dicom.LongStringAttribute(new com.pixelmed.dicom.AttributeTag(0x0009, 0x0010)));
        list.get(new com.pixelmed.dicom.AttributeTag(0x0009, 0x0010)).addValue("IRIS TEST");
        list.put(padding);
        byte[] bomb = deflated(list);
        assertThat(bomb.length).isLessThan(200_000);

        RawStoreScu.Response response = RawStoreScu.store(server.port(), AE, "STORESCU",
                SOPClass.SecondaryCaptureImageStorage, sop, TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, bomb);

        assertThat(response.status()).as(response.errorComment()).isEqualTo(0xA700);
        assertNothingKeptOf(sop);
    }

    /** The data set alone, in Deflated Explicit VR Little Endian, as a C-STORE carries it. */
    private static byte[] deflated(AttributeList list) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, false, true);
        if (out.size() % 2 != 0) {
            out.write(0); // PS3.5 A.5: padded to an even length
        }
        return out.toByteArray();
    }

    private void assertNothingKeptOf(String sop) throws Exception {
        assertThat(contract.requestsFor(sop)).as("registrations of " + sop).isEmpty();
        Path root = Path.of(ConfigProvider.getConfig().getValue("iris.blob.root", String.class));
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains(sop)).toList()).as("blobs of " + sop).isEmpty();
        }
    }
}

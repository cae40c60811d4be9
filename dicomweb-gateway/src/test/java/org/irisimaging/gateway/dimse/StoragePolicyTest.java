package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import java.util.LinkedList;
import java.util.List;
import org.irisimaging.dicom.TransferSyntaxes;
import org.junit.jupiter.api.Test;

/** Which presentation contexts the Storage SCP accepts, and in which transfer syntax. */
class StoragePolicyTest {

    private static final String IMPLICIT = TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
    private static final String EXPLICIT = TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final String BIG = TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN;
    private static final String J2K = TransferSyntaxes.JPEG_2000_LOSSLESS;

    @Test
    void theRequestorsOrderWinsExceptForRetiredBigEndian() {
        var all = TransferSyntaxes.STORED;
        assertEquals(J2K, StoragePolicy.choose(List.of(J2K, EXPLICIT), all));
        assertEquals(IMPLICIT, StoragePolicy.choose(List.of(IMPLICIT, EXPLICIT), all));
        assertEquals(IMPLICIT, StoragePolicy.choose(List.of(BIG, IMPLICIT), all));
        assertEquals(BIG, StoragePolicy.choose(List.of(BIG), all));
        assertEquals(EXPLICIT, StoragePolicy.choose(List.of("1.2.840.10008.1.2.4.100", EXPLICIT), all)); // MPEG2: no
        assertNull(StoragePolicy.choose(List.of("1.2.840.10008.1.2.4.100"), all));
    }

    @Test
    void storageAndVerificationAreAcceptedAndNothingElse() {
        StoragePolicy policy = new StoragePolicy();
        LinkedList<PresentationContext> proposed = new LinkedList<>();
        proposed.add(new PresentationContext((byte) 1, SOPClass.CTImageStorage, J2K));
        proposed.add(new PresentationContext((byte) 3, SOPClass.Verification, IMPLICIT));
        proposed.add(new PresentationContext((byte) 5, SOPClass.StudyRootQueryRetrieveInformationModelFind, IMPLICIT));
        proposed.add(new PresentationContext((byte) 7, SOPClass.MRImageStorage, "1.2.840.10008.1.2.4.100"));
        proposed.add(new PresentationContext((byte) 9, SOPClass.Verification, J2K));
        policy.applyPresentationContextSelectionPolicy(proposed, 1);

        assertEquals(0, proposed.get(0).getResultReason());
        assertEquals(J2K, proposed.get(0).getTransferSyntaxUID());
        assertEquals(0, proposed.get(1).getResultReason());
        assertEquals(3, proposed.get(2).getResultReason(), "C-FIND: abstract syntax not supported");
        assertEquals(4, proposed.get(3).getResultReason(), "MPEG2: transfer syntaxes not supported");
        assertEquals(4, proposed.get(4).getResultReason(), "echo in JPEG 2000: not supported");

        assertTrue(policy.isStorage(SOPClass.CTImageStorage));
        assertTrue(policy.isStorage(SOPClass.EncapsulatedPDFStorage));
        assertFalse(policy.isStorage(SOPClass.MediaStorageDirectoryStorage));
        assertFalse(policy.isStorage(SOPClass.Verification));
    }
}

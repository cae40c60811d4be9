package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import com.pixelmed.network.ReceivedObjectHandler;
import java.io.File;
import java.util.Objects;

/**
 * What the SCP offers beyond the association itself: which presentation contexts it accepts and
 * what becomes of received objects. This is where storage plugs in: a CDI bean of this type (e.g.
 * produced by the C-STORE feature) replaces {@link #verificationOnly()}, the default.
 *
 * @param presentationContexts which SOP classes / transfer syntaxes to accept
 * @param storageDirectory     where PixelMed writes each received object as a Part 10 file before
 *                             calling {@code receivedObjects}; {@code null} only when no storage SOP
 *                             class is accepted (PixelMed would otherwise discard data and still
 *                             answer success)
 * @param storedFilePathStrategy how PixelMed names the received files
 * @param receivedObjects      called with the file, transfer syntax and calling AE of each object
 */
public record DimseServices(PresentationContextSelectionPolicy presentationContexts, File storageDirectory,
        StoredFilePathStrategy storedFilePathStrategy, ReceivedObjectHandler receivedObjects) {

    public DimseServices {
        Objects.requireNonNull(presentationContexts, "presentationContexts");
        Objects.requireNonNull(storedFilePathStrategy, "storedFilePathStrategy");
        Objects.requireNonNull(receivedObjects, "receivedObjects");
    }

    /** Verification (C-ECHO) only: every storage presentation context is rejected. */
    public static DimseServices verificationOnly() {
        return new DimseServices(new VerificationOnlyPolicy(), null, StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER,
                new ReceivedObjectHandler() {
                    @Override
                    public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAe) {
                        throw new IllegalStateException("no storage configured, yet an object was received");
                    }
                });
    }
}

package org.irisimaging.gateway.dimse;

import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the SCP offers beyond the association itself: which presentation contexts it accepts and
 * what becomes of received objects. This is where storage plugs in: a CDI bean of this type
 * ({@link StorageServices} produces one) replaces {@link #verificationOnly()}, the default.
 *
 * @param presentationContexts which SOP classes / transfer syntaxes to accept
 * @param spoolDirectory       where each object being received is written as a Part 10 file before
 *                             {@code storage} decides on it; {@code null} only when no storage SOP
 *                             class is accepted
 * @param storage              decides on each received object; its status is the C-STORE-RSP's
 */
public record DimseServices(PresentationContextSelectionPolicy presentationContexts, Path spoolDirectory,
        CStoreHandler storage) {

    public DimseServices {
        Objects.requireNonNull(presentationContexts, "presentationContexts");
        Objects.requireNonNull(storage, "storage");
    }

    /** Verification (C-ECHO) only: every storage presentation context is rejected. */
    public static DimseServices verificationOnly() {
        return new DimseServices(new VerificationOnlyPolicy(), null,
                request -> CStoreHandler.Result.failure(CStoreHandler.SOP_CLASS_NOT_SUPPORTED, "storage not offered"));
    }
}

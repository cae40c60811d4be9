package org.irisimaging.dicom;

import com.pixelmed.dicom.SOPClass;
import java.util.Set;

/** SOP classes (PS3.4), as far as the platform needs them: which ones are storage SOP classes. */
public final class SopClasses {

    /** PixelMed's storage SOP classes: what the DIMSE SCP negotiates and what ingest accepts. */
    private static final Set<?> STORAGE = Set.copyOf(SOPClass.getSetOfStorageSOPClasses());

    private SopClasses() {
    }

    /** Whether {@code sopClassUid} is a storage SOP class. */
    public static boolean isStorage(String sopClassUid) {
        return sopClassUid != null && STORAGE.contains(sopClassUid);
    }
}

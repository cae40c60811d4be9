package org.irisimaging.gateway.dicomweb;

import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.Uids;

/** UIDs taken from request paths: checked against the DICOM UID grammar before any use. */
public final class Uid {

    private Uid() {
    }

    /** The UID itself, or a 400 problem when it is not a valid DICOM UID (no path tricks get further). */
    public static String check(String uid) {
        if (uid == null || !Uids.isValidLenient(uid)) {
            throw ProblemException.badRequest("Not a valid DICOM UID");
        }
        return uid;
    }
}

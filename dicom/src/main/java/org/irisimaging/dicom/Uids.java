package org.irisimaging.dicom;

import java.util.regex.Pattern;

/** DICOM unique identifiers (PS3.5 section 9). */
public final class Uids {

    /** Components of digits without leading zeros, separated by dots, at most 64 characters. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {
    }

    /** Whether {@code uid} is a syntactically valid DICOM UID. */
    public static boolean isValid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= 64 && UID.matcher(uid).matches();
    }
}

package org.irisimaging.studyindex.attributes;

import java.util.regex.Pattern;

/** DICOM UIDs (PS3.5 §9.1): at most 64 characters, numeric components without leading zeros, separated by dots. */
public final class Uids {

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {
    }

    /** Whether {@code uid} is a syntactically valid UID. */
    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= 64 && UID.matcher(uid).matches();
    }
}

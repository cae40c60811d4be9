package org.irisimaging.dicom;

import java.util.regex.Pattern;

/** DICOM unique identifiers (PS3.5 section 9). */
public final class Uids {

    /**
     * Components of digits separated by dots. PS3.5 also forbids leading zeros in a component;
     * that rule is not enforced, as legacy equipment still produces such UIDs.
     */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private Uids() {
    }

    /** Whether {@code uid} is a usable DICOM UID: digits and dots, at most 64 characters. */
    public static boolean isValid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= 64 && UID.matcher(uid).matches();
    }
}

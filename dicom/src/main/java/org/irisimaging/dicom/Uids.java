package org.irisimaging.dicom;

import java.util.regex.Pattern;

/**
 * The one check of DICOM unique identifiers (PS3.5 section 9.1), in two strengths:
 * <ul>
 * <li>{@link #isValidStrict strict}: the standard's grammar, no component with a leading zero. What
 *     the platform stores and keys blobs by (ingest refuses anything else);</li>
 * <li>{@link #isValidLenient lenient}: leading zeros tolerated, as legacy equipment still produces
 *     them. Enough to keep path tricks and junk out of a request (a UID in a URL or a query).</li>
 * </ul>
 * Both take a single value: a multi-valued string ({@code 2.25.1\2.25.2}) is never a UID.
 */
public final class Uids {

    /** PS3.5 section 9.1: at most 64 characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern STRICT = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern LENIENT = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private Uids() {
    }

    /** Whether {@code uid} follows the UID grammar exactly: digits and dots, no leading zeros, at most 64 characters. */
    public static boolean isValidStrict(String uid) {
        return fits(uid) && STRICT.matcher(uid).matches();
    }

    /** Whether {@code uid} is digits and dots, at most 64 characters, leading zeros tolerated. */
    public static boolean isValidLenient(String uid) {
        return fits(uid) && LENIENT.matcher(uid).matches();
    }

    private static boolean fits(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= MAX_LENGTH;
    }
}

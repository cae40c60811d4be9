package org.irisimaging.blob;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a blob lives in a {@link BlobStore}: a relative, slash-separated name such as
 * {@code instances/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm}. The same key works
 * as a file path under a root directory and as an object key in a bucket.
 *
 * <p>A key is only ever built from validated parts: every segment is letters, digits, {@code .},
 * {@code _} or {@code -}, starts with a letter or digit, and is not {@code .} or {@code ..}; there are
 * no empty segments, no leading or trailing slash, no backslash, no percent sign, nothing outside
 * ASCII. Such a key cannot name anything outside the store, whatever the input was.
 *
 * @param value the key, e.g. {@code instances/1.2.3/1.2.3.4/1.2.3.4.5.dcm}
 */
public record BlobKey(String value) {

    /** Longest key accepted: three 64-character UIDs and the fixed parts fit easily. */
    public static final int MAX_LENGTH = 512;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /**
     * A DICOM UID (PS3.5 section 9.1): components of digits separated by dots, no component with a
     * leading zero unless it is {@code 0} itself, at most 64 characters.
     */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final String INSTANCES = "instances";
    private static final String RENDITIONS = "renditions";
    private static final String EXPORTS = "exports";

    public BlobKey {
        Objects.requireNonNull(value, "value");
        if (!isValidKey(value)) {
            throw new IllegalArgumentException("not a valid blob key");
        }
    }

    /**
     * The key of an instance's original Part 10 file:
     * {@code instances/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm}.
     *
     * @throws IllegalArgumentException if one of the UIDs is not a DICOM UID (the message names which)
     */
    public static BlobKey forInstance(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
        return perInstance(INSTANCES, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
    }

    /** The instance's stored rendition (its pixel data as JPEG): {@code renditions/<study>/<series>/<sop>.dcm}. */
    public static BlobKey forRendition(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
        return perInstance(RENDITIONS, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
    }

    /**
     * An export package (ZIP with a DICOMDIR): {@code exports/<jobId>.zip}.
     *
     * @param jobId the export job's id
     */
    public static BlobKey forExport(UUID jobId) {
        return new BlobKey(EXPORTS + "/" + Objects.requireNonNull(jobId, "jobId") + ".zip");
    }

    private static BlobKey perInstance(String area, String study, String series, String sop) {
        requireUid("Study Instance UID", study);
        requireUid("Series Instance UID", series);
        requireUid("SOP Instance UID", sop);
        return new BlobKey(area + "/" + study + "/" + series + "/" + sop + ".dcm");
    }

    /**
     * A guard of the key's safety, not the platform's UID check (that is the dicom module's
     * {@code Uids}, which callers apply first): this library does not trust its callers.
     */
    private static boolean isStrictUid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= 64 && UID.matcher(uid).matches();
    }

    private static void requireUid(String name, String uid) {
        if (!isStrictUid(uid)) {
            // Never echo the value: it is untrusted input.
            throw new IllegalArgumentException(name + " is not a DICOM UID (digits and dots, no leading zeros,"
                    + " at most 64 characters)");
        }
    }

    private static boolean isValidKey(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}

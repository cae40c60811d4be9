package org.irisimaging.studyindex.matching;

/**
 * A patient as one site identifies it: Patient ID (0010,0020) within Issuer of Patient ID
 * (0010,0021), as received from one source.
 *
 * @param source               the calling AE title of the DIMSE association, or {@code STOW}
 * @param issuerOfPatientID    Issuer of Patient ID, {@code ""} when absent
 * @param patientID            Patient ID, {@code ""} when absent
 * @param unidentifiedStudyUID {@code ""} when there is a Patient ID; else the Study Instance UID, so
 *                             that instances without Patient ID are never merged into one patient
 */
public record SiteIdentity(String source, String issuerOfPatientID, String patientID, String unidentifiedStudyUID) {

    public static final String STOW = "STOW";

    /** The site identity of an instance from {@code source} with these (possibly null) identifiers. */
    public static SiteIdentity of(String source, String issuerOfPatientID, String patientID, String studyInstanceUID) {
        boolean identified = patientID != null && !patientID.isBlank();
        return new SiteIdentity(source,
                identified && issuerOfPatientID != null ? issuerOfPatientID : "",
                identified ? patientID : "",
                identified ? "" : studyInstanceUID);
    }
}

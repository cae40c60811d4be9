package org.irisimaging.studyindex.mypatients;

import java.time.LocalDate;
import java.util.List;

/**
 * One line of the prescriber's list (Telemis' "Mes patients"): a platform patient with at least one
 * study the caller prescribed (and that meets the list's filters), described by the latest of those
 * studies.
 *
 * @param patient                the platform patient's id
 * @param patientName            Patient's Name of the latest study (DICOM PN, Alphabetic group)
 * @param patientID              Patient ID of the latest study (as the producing site knows the patient)
 * @param issuerOfPatientID      its issuer, null when absent
 * @param patientBirthDate       Patient's Birth Date of the latest study
 * @param latestStudyInstanceUID the latest study (by Study Date and Time)
 * @param latestStudyDate        its Study Date
 * @param modalitiesInStudy      its modalities
 * @param studyDescription       its Study Description
 * @param studies                how many studies of this patient the caller prescribed (of those the
 *                               filters selected)
 * @param unreadStudies          how many of those the caller has not opened yet
 * @param unread                 whether there is at least one
 */
public record MyPatient(long patient, String patientName, String patientID, String issuerOfPatientID,
                        LocalDate patientBirthDate, String latestStudyInstanceUID, LocalDate latestStudyDate,
                        List<String> modalitiesInStudy, String studyDescription, int studies, int unreadStudies,
                        boolean unread) {

    @Override
    public String toString() {
        return "MyPatient[patient=" + patient + ", not logged]";
    }

    /**
     * A page of the list, in the order asked for (latest study first by default).
     *
     * @param total    how many patients the list has under the filters
     * @param patients the page
     */
    public record Page(long total, int offset, int limit, List<MyPatient> patients) {
    }
}

package org.irisimaging.studyindex.administration;

/**
 * {@code PUT /api/admin/studies/{study}/patient}: the patient a study belongs to, as its source
 * identifies them.
 *
 * @param patientId         Patient ID (0010,0020) at the study's source; required
 * @param issuerOfPatientId Issuer of Patient ID (0010,0021); null or absent when the source gives none
 * @param reason            why, for the audit log; required
 */
public record PatientReassignment(String patientId, String issuerOfPatientId, String reason) {
}

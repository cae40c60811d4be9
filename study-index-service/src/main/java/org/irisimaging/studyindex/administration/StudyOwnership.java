package org.irisimaging.studyindex.administration;

import java.util.List;

/**
 * Who a study belongs to and who it is prescribed to, as the administration endpoints answer.
 *
 * @param studyInstanceUID      the study
 * @param source                the sending source it belongs to (calling AE title, {@code STOW/<client>})
 * @param patientId             its patient's Patient ID at that source (null when it has none)
 * @param issuerOfPatientId     its patient's Issuer of Patient ID (null when none)
 * @param referringPhysicianIds its prescribers (idNat_PS)
 */
public record StudyOwnership(String studyInstanceUID, String source, String patientId, String issuerOfPatientId,
                             List<String> referringPhysicianIds) {
}

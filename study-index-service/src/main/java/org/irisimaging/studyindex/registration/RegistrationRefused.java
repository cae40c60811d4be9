package org.irisimaging.studyindex.registration;

import org.irisimaging.baseline.problem.ProblemException;

/**
 * An instance refused because it would change what it does not own (ADR 0018): a 409 problem whose
 * type the gateway turns into a DIMSE status and a STOW-RS Failure Reason (docs/conformance.md).
 * Nothing of it is written; the refusal itself is audited by {@link RegistrationService}.
 */
public final class RegistrationRefused extends ProblemException {

    /** Why: the problem type's slug ({@code urn:iris:problem:<slug>}). */
    public enum Reason {
        /**
         * Its study (so its series and instances) was first registered by another source: a
         * sending system never adds to, replaces in or re-labels another one's study.
         */
        STUDY_OF_ANOTHER_SOURCE("study-of-another-source", "Study registered by another source"),
        /**
         * From the study's own source, but for another patient (Patient ID and Issuer of Patient
         * ID differ from the study's): identity corrections are an administrative action.
         */
        PATIENT_MISMATCH("patient-mismatch", "Patient differs from the study's");

        private final String slug;
        private final String title;

        Reason(String slug, String title) {
            this.slug = slug;
            this.title = title;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;
    private final String studyInstanceUID;

    RegistrationRefused(Reason reason, String studyInstanceUID) {
        // The detail names the study only: the sender's own UID, no patient data.
        super(409, reason.slug, reason.title, "Study Instance UID " + studyInstanceUID + ": " + reason.title);
        this.reason = reason;
        this.studyInstanceUID = studyInstanceUID;
    }

    public Reason reason() {
        return reason;
    }

    public String studyInstanceUID() {
        return studyInstanceUID;
    }
}

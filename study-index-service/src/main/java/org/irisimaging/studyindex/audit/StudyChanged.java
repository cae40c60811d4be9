package org.irisimaging.studyindex.audit;

/**
 * A CDI event: a study's record was changed outside registration (an administrator's correction),
 * or a registration that would have changed someone else's study was refused (ADR 0018).
 * {@link StudyChangeAudit} writes each to the audit log, next to the data accesses.
 *
 * @param action           what (its {@code code()} is the audit line's action)
 * @param succeeded        false for a refused change
 * @param actor            who: the administrator's token subject, or the sending source (calling
 *                         AE title, {@code STOW/<client>})
 * @param how              endpoint, OIDC client and address it came through
 * @param studyInstanceUID the study concerned
 * @param reason           the refusal's problem type slug; null for a change made
 * @param detail           what changed and why, in words (an administrator's reason); no names,
 *                         no birth dates
 */
public record StudyChanged(Action action, boolean succeeded, String actor, AccessChannel how,
                           String studyInstanceUID, String reason, String detail) {

    /** The kinds of changes audited. */
    public enum Action {
        /** An instance refused because its study belongs to another source or patient. */
        REGISTRATION_REFUSED("registration-refused"),
        /** An administrator re-assigned a study to another patient of its source. */
        PATIENT_REASSIGNED("patient-reassigned"),
        /** An administrator removed a prescriber (referring practitioner) from a study. */
        REFERRAL_REMOVED("referral-removed");

        private final String code;

        Action(String code) {
            this.code = code;
        }

        /** The value stored in the audit log's {@code action}. */
        public String code() {
            return code;
        }
    }
}

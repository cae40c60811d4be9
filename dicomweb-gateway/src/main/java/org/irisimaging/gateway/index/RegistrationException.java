package org.irisimaging.gateway.index;

import org.irisimaging.baseline.problem.ProblemType;

/** A registration did not succeed; {@link #kind()} says whether it may succeed later. */
public class RegistrationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a registration failed. */
    public enum Kind {
        /**
         * 409: study-index-service refuses the instance as it stands against what is registered;
         * {@link #refusal()} says why.
         */
        CONFLICT,
        /** 400 or another 4xx: study-index-service refuses this content; retrying will not help. */
        REJECTED,
        /**
         * 5xx, no connection, timeout, no token, or the token refused (401/403): the index cannot
         * take it now; the sender may retry later.
         */
        UNAVAILABLE
    }

    /**
     * The 409 problem types of study-index-service's registration (from the {@link ProblemType} catalogue),
     * each with the few words the sender gets (a DIMSE Error Comment holds 64 characters).
     */
    public enum Refusal {
        /** The SOP Instance UID is registered under another study or series. */
        SOP_INSTANCE_CONFLICT(ProblemType.SOP_INSTANCE_CONFLICT, "SOP Instance UID registered under another study or series"),
        /** The Series Instance UID is registered under another study. */
        SERIES_INSTANCE_CONFLICT(ProblemType.SERIES_INSTANCE_CONFLICT, "Series Instance UID registered under another study"),
        /** The study belongs to another source (ADR 0018). */
        STUDY_OF_ANOTHER_SOURCE(ProblemType.STUDY_OF_ANOTHER_SOURCE, "Study belongs to another source"),
        /** The instance's patient is not the study's (ADR 0018). */
        PATIENT_MISMATCH(ProblemType.PATIENT_MISMATCH, "Patient ID/Issuer differ from the study's patient"),
        /** A conflict of a type this gateway does not know. */
        OTHER(null, "conflicts with the study index");

        private final String type;
        private final String message;

        Refusal(ProblemType problemType, String message) {
            this.type = problemType == null ? null : problemType.uri().toString();
            this.message = message;
        }

        /** The refusal named by a problem document's {@code type}. */
        public static Refusal ofType(String problemType) {
            for (Refusal refusal : values()) {
                if (refusal.type != null && refusal.type.equals(problemType)) {
                    return refusal;
                }
            }
            return OTHER;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final Refusal refusal;

    public RegistrationException(Kind kind, int httpStatus, String message, Throwable cause) {
        this(kind, httpStatus, message, kind == Kind.CONFLICT ? Refusal.OTHER : null, cause);
    }

    private RegistrationException(Kind kind, int httpStatus, String message, Refusal refusal, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.refusal = refusal;
    }

    /** A 409 answer whose problem document has {@code problemType}: final, its message fit for the sender. */
    public static RegistrationException conflict(String problemType) {
        Refusal refusal = Refusal.ofType(problemType);
        return new RegistrationException(Kind.CONFLICT, 409, refusal.message, refusal, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Why a {@link Kind#CONFLICT} was refused; null for the other kinds. */
    public Refusal refusal() {
        return refusal;
    }

    /** The HTTP status of the last answer, or 0 when there was none (no connection, timeout). */
    public int httpStatus() {
        return httpStatus;
    }
}

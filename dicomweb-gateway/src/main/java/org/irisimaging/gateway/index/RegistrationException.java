package org.irisimaging.gateway.index;

/** A registration did not succeed; {@link #kind()} says whether it may succeed later. */
public class RegistrationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a registration failed. */
    public enum Kind {
        /**
         * 409: the SOP Instance UID is registered under another study or series, or the Series
         * Instance UID under another study. The message says which, in a few words.
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

    private final Kind kind;
    private final int httpStatus;

    public RegistrationException(Kind kind, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the last answer, or 0 when there was none (no connection, timeout). */
    public int httpStatus() {
        return httpStatus;
    }
}

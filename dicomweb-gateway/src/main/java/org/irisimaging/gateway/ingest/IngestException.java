package org.irisimaging.gateway.ingest;

import java.util.Objects;

/**
 * An instance was refused. The message is fit to return to the sender (DIMSE Error Comment, STOW
 * failure): it names what is wrong, never attribute values.
 */
public class IngestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureReason reason;

    public IngestException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureReason reason() {
        return reason;
    }
}

package org.irisimaging.identity.cps.federation;

/** A federated sign-in that cannot go on; {@code reason} is the audit log's short code. */
public class FederationException extends Exception {

    private final String reason;

    public FederationException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FederationException(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}

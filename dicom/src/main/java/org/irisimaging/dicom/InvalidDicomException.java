package org.irisimaging.dicom;

/**
 * The input is not a well-formed DICOM Part 10 object (not DICOM at all, no file meta information,
 * truncated, structurally broken...). The message is the reason, fit to be returned to the sender;
 * it never contains attribute values, so it is safe to log.
 */
public class InvalidDicomException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidDicomException(String reason) {
        super(reason);
    }

    public InvalidDicomException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The reason the input was refused (same as {@link #getMessage()}). */
    public String reason() {
        return getMessage();
    }
}

package org.irisimaging.transcode.rendition;

/** A rendition that did not decode to what it was made from: it must not be served. */
final class VerificationFailed extends Exception {

    private static final long serialVersionUID = 1L;

    VerificationFailed(String message) {
        super(message);
    }
}

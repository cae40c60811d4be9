package org.irisimaging.gateway.index;

import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;

/**
 * study-index-service could not answer: no connection, a timeout, a 5xx where the call is retried,
 * an open circuit. The one failure the fault-tolerance policies of {@link StudyIndexHttp} retry and
 * count; answered 503 when it reaches an HTTP caller.
 */
public class IndexUnavailableException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public IndexUnavailableException(int httpStatus, String detail) {
        super(ProblemType.INDEX_UNAVAILABLE, detail);
        this.httpStatus = httpStatus;
    }

    /** study-index-service's status when it answered (5xx), else 0. */
    public int httpStatus() {
        return httpStatus;
    }
}

package org.irisimaging.gateway.index;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.irisimaging.baseline.problem.ProblemExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A call to study-index-service that its fault-tolerance policies ended (timeout, open circuit):
 * the index is unavailable, 503, as when it cannot be reached.
 */
public class IndexUnavailableMapper {

    private final ProblemExceptionMapper problems = new ProblemExceptionMapper();

    @ServerExceptionMapper
    public Response mapFaultTolerance(FaultToleranceException e, UriInfo uri) {
        return problems.mapProblem(new IndexUnavailableException(0, "study-index-service did not answer in time"
                + " or is failing (" + e.getClass().getSimpleName() + ")"), uri);
    }
}

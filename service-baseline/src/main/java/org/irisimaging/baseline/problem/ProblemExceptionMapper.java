package org.irisimaging.baseline.problem;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become HTTP responses: every error leaves a service as an
 * RFC 9457 problem document with a stable {@code type}, never as a stack trace.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    @ServerExceptionMapper
    public Response mapProblem(ProblemException e, UriInfo uri) {
        return respond(new Problem(Problem.type(e.slug()), e.title(), e.status(), e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response mapConstraintViolation(ConstraintViolationException e, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(problem(ProblemType.INVALID_REQUEST, detail, uri));
    }

    /**
     * Framework errors (unknown path, wrong method, unsupported media type, body too large...) keep
     * their status and get the catalogue's generic type for it.
     */
    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        ProblemType type = ProblemType.forStatus(status.getStatusCode());
        Problem problem = new Problem(type.uri(), type.status() == status.getStatusCode() ? type.title()
                : status.getReasonPhrase(), status.getStatusCode(), e.getMessage(), path(uri));
        Response.ResponseBuilder builder = Response.status(status.getStatusCode())
                .type(Problem.MEDIA_TYPE).entity(problem);
        // Keep protocol headers such as Allow (405) or WWW-Authenticate (401).
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    /** Anything unexpected: logged with an id the caller can quote, details kept server-side. */
    @ServerExceptionMapper
    public Response mapUnexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(problem(ProblemType.INTERNAL_ERROR,
                "Unexpected error; quote incident " + incident + " to the operator.", uri));
    }

    private static Problem problem(ProblemType type, String detail, UriInfo uri) {
        return new Problem(type.uri(), type.title(), type.status(), detail, path(uri));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}

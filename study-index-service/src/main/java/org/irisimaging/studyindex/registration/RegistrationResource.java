package org.irisimaging.studyindex.registration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;

/** Registration of stored instances, for the gateway (service token with role {@code ingest}). */
@Path("/api/instances")
@Tag(name = "Registration")
@RolesAllowed(RegistrationResource.INGEST)
public class RegistrationResource {

    public static final String INGEST = "ingest";

    private final RegistrationService service;

    RegistrationResource(RegistrationService service) {
        this.service = service;
    }

    /**
     * Registers an instance the gateway has durably stored. 201 when new, 200 when re-sent
     * (outcome {@code REPLACED} or {@code UNCHANGED}), 409 when its SOP Instance UID is registered
     * under another study or series, or when its study belongs to another source or patient
     * ({@link RegistrationRefused}), 400 when the request is not a valid registration.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a stored instance (idempotent on SOP Instance UID)")
    public Response registerInstance(RegistrationRequest request) {
        if (request == null) {
            throw new ProblemException(400, RegistrationService.INVALID,
                    "Invalid registration", "request body is missing");
        }
        RegistrationResult result = service.register(request);
        if (result.outcome() == RegistrationResult.Outcome.CREATED) {
            return Response.created(UriBuilder.fromPath("/api/locations/studies/{study}/series/{series}/instances/{sop}")
                            .build(result.studyInstanceUID(), result.seriesInstanceUID(), result.sopInstanceUID()))
                    .entity(result).build();
        }
        return Response.ok(result).build();
    }
}

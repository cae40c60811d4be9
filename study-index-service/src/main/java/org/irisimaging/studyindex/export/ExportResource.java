package org.irisimaging.studyindex.export;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;

import java.net.URI;
import java.sql.SQLException;

/**
 * DICOM download of a study or a selection (flow 4, ADR 0014): {@code POST /api/exports} starts a
 * job (202), {@code GET /api/exports/{id}} follows it, {@code GET /api/exports} lists the caller's, and the gateway asks
 * {@code GET /api/exports/{id}/archive-location} before streaming the package. Any signed-in person
 * may ask; {@code StudyAccess} decides which studies (404 otherwise), and a job is its requester's
 * alone (404 for anyone else). A sending system's token ({@code ingest}) is refused, as for
 * locations. Every request and download authorisation is audited, granted or refused.
 */
@Path("/api/exports")
@Tag(name = "Exports")
@RolesAllowed({Roles.PRACTITIONER, Roles.SITE_ADMIN, Roles.PLATFORM_ADMIN, Roles.GUEST})
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    /** Largest page of the list. */
    static final int MAX_LIMIT = 100;
    /** Page size without {@code limit}. */
    static final int DEFAULT_LIMIT = 20;

    private final ExportService exports;
    private final ExportAudit audit;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    ExportResource(ExportService exports, ExportAudit audit, SecurityIdentity identity, JsonWebToken token) {
        this.exports = exports;
        this.audit = audit;
        this.identity = identity;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a study, or a selection of its series and instances, as a ZIP with DICOMDIR")
    public Response requestExport(ExportRequest request) throws SQLException {
        Caller caller = Caller.of(identity);
        String study = request == null ? null : request.studyInstanceUID();
        try {
            ExportJob job = exports.request(caller, email(), request); // audited in its transaction
            return Response.accepted(job.asOf(job.requestedAt())).location(URI.create(ExportJob.path(job.id()))).build();
        } catch (ProblemException e) {
            // refused, nothing written: recorded with the UID asked for (none for a malformed request)
            if (e.status() == 404 || e.status() == 400) {
                audit.exportRequested(caller, e.status() == 404 ? study : null, false);
            }
            throw e;
        }
    }

    @GET
    @Operation(summary = "The caller's exports, newest first (their own only), each as its status gives it")
    public ExportJob.Page listExports(@QueryParam("limit") String limit, @QueryParam("offset") String offset)
            throws SQLException {
        // Not a data access: the caller's own jobs, naming only the studies they asked for (each
        // request was audited then); no patient name, ID or birth date (docs/exports.md).
        return exports.list(Caller.of(identity), whole("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                whole("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    /**
     * A paging parameter in [{@code min}, {@code max}], {@code absent} when not given; read here
     * rather than by JAX-RS, which answers a value that is not a number with 404.
     */
    private static int whole(String name, String value, int absent, int min, int max) {
        if (value == null) {
            return absent;
        }
        if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            throw new ProblemException(ProblemType.INVALID_QUERY_PARAMETER,
                    name + " must be a whole number from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The status of one of the caller's exports")
    public ExportJob exportStatus(@PathParam("id") String id) throws SQLException {
        return exports.status(Caller.of(identity), id);
    }

    @GET
    @Path("/{id}/archive-location")
    @Operation(summary = "Where the caller's ready package is (for the gateway's download); 410 once expired")
    public ArchiveLocation archiveLocation(@PathParam("id") String id) throws SQLException {
        Caller caller = Caller.of(identity);
        ExportJob job;
        try {
            job = exports.status(caller, id);
        } catch (ProblemException e) {
            audit.downloadAuthorised(caller, null, false); // not the caller's: the study is not theirs to learn
            throw e;
        }
        String blobKey;
        try {
            blobKey = exports.archiveLocation(job);
        } catch (ProblemException e) {
            audit.downloadAuthorised(caller, job.studyInstanceUID(), false);
            throw e;
        }
        audit.downloadAuthorised(caller, job.studyInstanceUID(), true); // before the location: fails closed
        return new ArchiveLocation(job.id().toString(), job.studyInstanceUID(), blobKey, job.sizeBytes(),
                job.expiresAt().toString());
    }

    /** The caller's e-mail address ({@code email} claim), for the notification; null without one. */
    private String email() {
        Object email = token.getClaim("email");
        if (email == null) {
            return null;
        }
        String text = email.toString().replace("\"", "").strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * A ready package, for the gateway.
     *
     * @param id               the export's id
     * @param studyInstanceUID the study it holds
     * @param blobKey          the ZIP in the blob store
     * @param sizeBytes        its size
     * @param expiresAt        when downloads stop (ISO-8601)
     */
    public record ArchiveLocation(String id, String studyInstanceUID, String blobKey, Long sizeBytes,
                                  String expiresAt) {
    }
}

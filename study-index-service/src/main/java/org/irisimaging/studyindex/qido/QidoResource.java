package org.irisimaging.studyindex.qido;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.studyindex.audit.AccessAction;
import org.irisimaging.studyindex.audit.DataAccessAudit;
import org.irisimaging.studyindex.audit.RequestChannel;

import java.sql.SQLException;

/**
 * QIDO-RS (PS3.18 §10.6): the six search resources, answering {@code application/dicom+json}
 * (or {@code application/json} when only that is accepted). Matching, limits and status codes:
 * docs/qido.md. Any signed-in person may search; every search is filtered in SQL by
 * {@link StudyAccess}, so a study the caller may not see is simply not found.
 */
@Path("/dicomweb")
@Tag(name = "QIDO-RS")
@RolesAllowed({Roles.PRACTITIONER, Roles.SITE_ADMIN, Roles.PLATFORM_ADMIN, Roles.GUEST})
@Produces({QidoResource.DICOM_JSON, MediaType.APPLICATION_JSON})
public class QidoResource {

    public static final String DICOM_JSON = "application/dicom+json";
    /** PS3.18 §8.3.4.4 (in RFC 7234 Warning syntax, warn-code 299): some results were left out. */
    static final String TRUNCATED_WARNING = "299 - \"The number of results exceeded the maximum supported by"
            + " the server. Additional results can be requested.\"";

    private final QidoService service;
    private final SecurityIdentity caller;
    private final DataAccessAudit audit;
    private final RequestChannel channel;

    QidoResource(QidoService service, SecurityIdentity caller, DataAccessAudit audit, RequestChannel channel) {
        this.service = service;
        this.caller = caller;
        this.audit = audit;
        this.channel = channel;
    }

    @GET
    @Path("/studies")
    @Operation(summary = "Search for studies")
    public Response searchForStudies(@Context UriInfo uri) throws SQLException {
        return search(Search.ALL_STUDIES, null, null, uri);
    }

    @GET
    @Path("/studies/{study}/series")
    @Operation(summary = "Search for a study's series")
    public Response searchForStudySeries(@PathParam("study") String study, @Context UriInfo uri) throws SQLException {
        return search(Search.STUDY_SERIES, study, null, uri);
    }

    @GET
    @Path("/series")
    @Operation(summary = "Search for series")
    public Response searchForSeries(@Context UriInfo uri) throws SQLException {
        return search(Search.ALL_SERIES, null, null, uri);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances")
    @Operation(summary = "Search for a series' instances")
    public Response searchForSeriesInstances(@PathParam("study") String study, @PathParam("series") String series,
                                             @Context UriInfo uri) throws SQLException {
        return search(Search.SERIES_INSTANCES, study, series, uri);
    }

    @GET
    @Path("/studies/{study}/instances")
    @Operation(summary = "Search for a study's instances")
    public Response searchForStudyInstances(@PathParam("study") String study, @Context UriInfo uri)
            throws SQLException {
        return search(Search.STUDY_INSTANCES, study, null, uri);
    }

    @GET
    @Path("/instances")
    @Operation(summary = "Search for instances")
    public Response searchForInstances(@Context UriInfo uri) throws SQLException {
        return search(Search.ALL_INSTANCES, null, null, uri);
    }

    private Response search(Search search, String study, String series, UriInfo uri) throws SQLException {
        QidoService.Result result = service.search(search, study, series, uri.getQueryParameters(), caller);
        // one audit line per study found; a search that found nothing is recorded too
        audit.recordAll(Caller.of(caller), AccessAction.QUERY, result.studies(), channel.current(), true);
        Response.ResponseBuilder response = Response.ok(result.body());
        if (result.truncated()) {
            response.header("Warning", TRUNCATED_WARNING);
        }
        return response.build();
    }
}

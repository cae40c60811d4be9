package org.irisimaging.gateway.qido;

import io.quarkus.security.Authenticated;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.gateway.dicomweb.Forwarded;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;

/**
 * QIDO-RS (PS3.18 §10.6): the six search transactions. study-index-service runs the query,
 * already limited to what the caller may see; the gateway forwards the caller's token and the
 * query string untouched, so an unknown key is answered 400 there, never ignored.
 */
@Path("/")
@Tag(name = "QIDO-RS")
@Authenticated
public class QidoResource {

    private static final MediaType DICOM_JSON = new MediaType("application", "dicom+json");

    private final StudyIndexReader index;

    QidoResource(StudyIndexReader index) {
        this.index = index;
    }

    @GET
    @Path("studies")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Search for studies")
    public Response searchForStudies(@Context UriInfo uri, @Context HttpHeaders headers, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return forward("/studies", uri, headers, auth);
    }

    @GET
    @Path("series")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Search for series (all studies)")
    public Response searchForSeries(@Context UriInfo uri, @Context HttpHeaders headers, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return forward("/series", uri, headers, auth);
    }

    @GET
    @Path("studies/{study}/series")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Search for series of a study")
    public Response searchForStudySeries(@PathParam("study") String study, @Context UriInfo uri, @Context HttpHeaders headers,
                                         @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return forward("/studies/" + Uid.check(study) + "/series", uri, headers, auth);
    }

    @GET
    @Path("instances")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Search for instances (all studies)")
    public Response searchForInstances(@Context UriInfo uri, @Context HttpHeaders headers, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return forward("/instances", uri, headers, auth);
    }

    @GET
    @Path("studies/{study}/instances")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Search for instances of a study")
    public Response searchForStudyInstances(@PathParam("study") String study, @Context UriInfo uri, @Context HttpHeaders headers,
                                            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return forward("/studies/" + Uid.check(study) + "/instances", uri, headers, auth);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Search for instances of a series")
    public Response searchForSeriesInstances(@PathParam("study") String study, @PathParam("series") String series,
                                             @Context UriInfo uri, @Context HttpHeaders headers, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return forward("/studies/" + Uid.check(study) + "/series/" + Uid.check(series) + "/instances", uri, headers, auth);
    }

    private Response forward(String path, UriInfo uri, HttpHeaders headers, String auth) {
        MediaType type = responseType(headers.getAcceptableMediaTypes());
        if (type == null) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable",
                    "Search results are application/dicom+json (the default) or application/json");
        }
        Response answer = Forwarded.response(index.forward(path, uri.getRequestUri().getRawQuery(), auth, null));
        // The body is DICOM JSON either way; a success says it in the media type the caller took.
        return answer.getStatus() == 200 ? Response.fromResponse(answer).type(type).build() : answer;
    }

    /**
     * The media type of a search's answer for an Accept header (PS3.18 §8.7.5 / §10.6.2):
     * application/dicom+json, the default (also for wildcards), or application/json when that is
     * what the caller prefers; {@code null} when it takes neither (406).
     */
    static MediaType responseType(List<MediaType> acceptable) {
        for (MediaType accepted : acceptable) { // most preferred first (JAX-RS sorts them)
            if (accepted.isCompatible(DICOM_JSON)) {
                return DICOM_JSON;
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return MediaType.APPLICATION_JSON_TYPE;
            }
        }
        return null;
    }
}

package org.irisimaging.gateway.wado;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.gateway.dicomweb.Forwarded;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;

/**
 * WADO-RS metadata (PS3.18 §10.4, {@code .../metadata}): served from the index, where each
 * instance's DICOM JSON was stored at registration — no file is reparsed. ETag/If-None-Match
 * pass through.
 */
@Path("/")
@Tag(name = "WADO-RS")
@Authenticated
public class MetadataResource {

    private final StudyIndexReader index;

    MetadataResource(StudyIndexReader index) {
        this.index = index;
    }

    @GET
    @Path("studies/{study}/metadata")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Retrieve study metadata")
    public Response retrieveStudyMetadata(@PathParam("study") String study,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String etag) {
        return forward("/studies/" + Uid.check(study) + "/metadata", auth, etag);
    }

    @GET
    @Path("studies/{study}/series/{series}/metadata")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Retrieve series metadata")
    public Response retrieveSeriesMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                           @HeaderParam(HttpHeaders.IF_NONE_MATCH) String etag) {
        return forward("/studies/" + Uid.check(study) + "/series/" + Uid.check(series) + "/metadata", auth, etag);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/metadata")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Retrieve instance metadata")
    public Response retrieveInstanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                             @PathParam("instance") String instance,
                                             @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                             @HeaderParam(HttpHeaders.IF_NONE_MATCH) String etag) {
        return forward("/studies/" + Uid.check(study) + "/series/" + Uid.check(series) + "/instances/"
                + Uid.check(instance) + "/metadata", auth, etag);
    }

    private Response forward(String path, String auth, String etag) {
        return Forwarded.response(index.forward(path, null, auth, etag));
    }
}

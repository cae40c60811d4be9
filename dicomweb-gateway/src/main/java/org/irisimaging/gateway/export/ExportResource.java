package org.irisimaging.gateway.export;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.gateway.dicomweb.Forwarded;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.util.UUID;

/**
 * DICOM download (flow 4, ADR 0014), at the platform's public entry point: requesting an export,
 * following it and listing the caller's exports are passed to study-index-service with the caller's token (which owns the jobs and
 * the access decision); the package itself is streamed from the blob store once study-index said
 * it is the caller's, ready and not expired (404 otherwise, 410 Gone once expired).
 */
@Path("/api/exports")
@Tag(name = "Exports")
@Authenticated
public class ExportResource {

    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final ExportIndexClient index;
    private final BlobStore blobs;

    ExportResource(ExportIndexClient index, BlobStore blobs) {
        this.index = index;
        this.blobs = blobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a study, or a selection of its series and instances, as a ZIP with DICOMDIR")
    public Response requestExport(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth)
            throws IOException {
        byte[] json = body.readNBytes(MAX_REQUEST_BYTES + 1);
        if (json.length > MAX_REQUEST_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "an export request is at most " + MAX_REQUEST_BYTES + " bytes");
        }
        return passOn(index.requestExport(json, auth));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's exports, newest first (limit 1-100, default 20; offset)")
    public Response listExports(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        // study-index's answer as it is: its 400 for a bad page, 403 for a token that may list nothing
        return Forwarded.response(index.listExports(limit, offset, auth));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The status of one of the caller's exports")
    public Response exportStatus(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return passOn(index.exportStatus(exportId(id), auth));
    }

    @GET
    @Path("/{id}/archive")
    @Produces("application/zip")
    @Operation(summary = "Download one of the caller's ready exports (ZIP with DICOMDIR); 410 once expired")
    public Response retrieveArchive(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth)
            throws IOException {
        UUID exportId = exportId(id);
        ExportIndexClient.ArchiveLocation location = index.archiveLocation(exportId, auth);
        InputStream zip;
        try {
            zip = blobs.open(new BlobKey(location.blobKey()));
        } catch (NoSuchFileException e) {
            throw ProblemException.notFound("export " + exportId + " is no longer stored");
        }
        StreamingOutput stream = out -> {
            try (InputStream in = zip) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.ok(stream, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"iris-export-" + exportId + ".zip\"")
                .header("Cache-Control", "private, no-store");
        if (location.sizeBytes() != null) {
            response.header(HttpHeaders.CONTENT_LENGTH, location.sizeBytes());
        }
        return response.build();
    }

    /** An id that is not a UUID names no export: 404, as study-index would answer. */
    private static UUID exportId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no such export");
        }
    }

    /** study-index-service's answer as the gateway's ({@link Forwarded}); a 403 is an unknown export. */
    private static Response passOn(HttpResponse<InputStream> answer) {
        if (answer.statusCode() == 403) {
            // a token that may read nothing (a sending system's): as for an unknown study or export
            Forwarded.closeQuietly(answer.body());
            throw ProblemException.notFound("no such study or export");
        }
        return Forwarded.response(answer);
    }
}

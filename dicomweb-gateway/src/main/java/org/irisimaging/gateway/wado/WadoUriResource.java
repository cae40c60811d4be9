package org.irisimaging.gateway.wado;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * WADO-URI (PS3.18 §9, {@code requestType=WADO}): one instance as {@code application/dicom} or
 * rendered as {@code image/jpeg} (the default) or {@code image/png}. Parameters this gateway does
 * not implement are refused with 400 rather than ignored.
 */
@Path("/")
@Tag(name = "WADO-URI")
@Authenticated
public class WadoUriResource {

    private static final Set<String> SUPPORTED = Set.of("requestType", "studyUID", "seriesUID", "objectUID",
            "contentType", "transferSyntax", "frameNumber", "rows", "columns", "windowCenter", "windowWidth",
            "imageQuality");

    private final StudyIndexReader index;
    private final InstanceFiles files;

    WadoUriResource(StudyIndexReader index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    @GET
    @Path("wado")
    @Operation(summary = "Retrieve an instance (WADO-URI)")
    public Response retrieve(@Context UriInfo uri, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth)
            throws IOException {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        for (String name : q.keySet()) {
            if (!SUPPORTED.contains(name)) {
                throw ProblemException.badRequest("Unsupported WADO-URI parameter: " + name);
            }
        }
        if (!"WADO".equals(q.getFirst("requestType"))) {
            throw ProblemException.badRequest("requestType must be WADO");
        }
        String study = Uid.check(required(q, "studyUID"));
        String series = Uid.check(required(q, "seriesUID"));
        String object = Uid.check(required(q, "objectUID"));
        String contentType = q.getFirst("contentType") == null ? "image/jpeg" : q.getFirst("contentType").trim();
        if (!contentType.equals("application/dicom") && !contentType.equals("image/jpeg")
                && !contentType.equals("image/png")) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable",
                    "contentType is application/dicom, image/jpeg or image/png");
        }
        // Every parameter is checked before the index is asked: a bad request costs nothing.
        Renderer.Parameters rendering = contentType.equals("application/dicom") ? null : rendering(q, contentType);
        Integer frame = integer(q, "frameNumber");
        InstanceLocation location = index.locations(study, series, object, auth)
                .filter(list -> !list.isEmpty()).map(List::getFirst)
                .orElseThrow(() -> ProblemException.notFound("No such instance"));

        if (rendering == null) {
            String requested = q.getFirst("transferSyntax");
            String chosen = new AcceptedTransferSyntax(requested == null ? "*" : requested)
                    .choose(location.servedTransferSyntaxUID());
            if (chosen == null) {
                throw new ProblemException(406, "not-acceptable", "Not acceptable",
                        "Stored as " + location.servedTransferSyntaxUID() + "; cannot convert to " + requested);
            }
            // decoded now if it must be: what cannot be decoded is a 406 before any byte is sent
            InstanceFiles.Prepared prepared;
            try {
                prepared = files.prepare(location, chosen, requested == null);
            } catch (Decoding.NotDecodableException e) {
                throw new ProblemException(406, "not-acceptable", "Not acceptable", e.getMessage());
            }
            StreamingOutput body = prepared::writeTo;
            return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, "application/dicom").build();
        }
        byte[] image = Renderer.render(files.readForRendering(location), frame == null ? 1 : frame, rendering);
        return Response.ok(image).header(HttpHeaders.CONTENT_TYPE, contentType).build();
    }

    /** {@code rows}, {@code columns} (each at most {@link RenderedResource#MAX_VIEWPORT}), window, quality. */
    static Renderer.Parameters rendering(MultivaluedMap<String, String> q, String contentType) {
        Integer rows = integer(q, "rows");
        Integer columns = integer(q, "columns");
        for (Integer size : new Integer[] {rows, columns}) {
            if (size != null && size > RenderedResource.MAX_VIEWPORT) {
                throw ProblemException.badRequest("rows and columns are 1 to " + RenderedResource.MAX_VIEWPORT);
            }
        }
        Double center = decimal(q, "windowCenter");
        Double width = decimal(q, "windowWidth");
        if ((center == null) != (width == null)) {
            throw ProblemException.badRequest("windowCenter and windowWidth go together");
        }
        Integer quality = integer(q, "imageQuality");
        if (quality != null && quality > 100) {
            throw ProblemException.badRequest("imageQuality is 1 to 100");
        }
        return new Renderer.Parameters(contentType, center, width,
                columns != null ? columns : rows, rows != null ? rows : columns, quality == null ? 90 : quality);
    }

    private static String required(MultivaluedMap<String, String> q, String name) {
        String value = q.getFirst(name);
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(name + " is required");
        }
        return value.trim();
    }

    private static Integer integer(MultivaluedMap<String, String> q, String name) {
        String value = q.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a positive integer");
        }
    }

    private static Double decimal(MultivaluedMap<String, String> q, String name) {
        String value = q.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a number");
        }
    }
}

package org.irisimaging.gateway.wado;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
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
 * WADO-RS rendered and thumbnail resources for browsers (PS3.18 §10.4.1.1.3): JPEG (default) or
 * PNG, with {@code window}, {@code viewport} and {@code quality}. Any other query parameter is a 400.
 */
@Path("/")
@Tag(name = "WADO-RS")
@Authenticated
public class RenderedResource {

    private static final Set<String> PARAMETERS = Set.of("window", "viewport", "quality");
    /**
     * Largest rendered width or height (RS {@code viewport}, WADO-URI {@code rows}/{@code columns}):
     * the image is drawn at that size, upscaled if need be, so the cap bounds each request's memory
     * (4096 x 4096 RGB: 64 MB). Documented in docs/conformance.md.
     */
    static final int MAX_VIEWPORT = 4096;
    private static final int THUMBNAIL_SIZE = 128;

    private final StudyIndexReader index;
    private final InstanceFiles files;

    RenderedResource(StudyIndexReader index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/rendered")
    @Operation(summary = "Retrieve a rendered instance (first frame)")
    public Response retrieveRenderedInstance(@PathParam("study") String study, @PathParam("series") String series,
                                             @PathParam("instance") String instance, @Context UriInfo uri,
                                             @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                             @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) throws IOException {
        return render(study, series, instance, 1, parameters(uri.getQueryParameters(), accept, null), auth);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frame}/rendered")
    @Operation(summary = "Retrieve a rendered frame")
    public Response retrieveRenderedFrame(@PathParam("study") String study, @PathParam("series") String series,
                                          @PathParam("instance") String instance, @PathParam("frame") String frame,
                                          @Context UriInfo uri, @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) throws IOException {
        List<Integer> frames = FrameResource.parseFrameList(frame);
        if (frames.size() != 1) {
            throw ProblemException.badRequest("One frame is rendered at a time");
        }
        return render(study, series, instance, frames.getFirst(), parameters(uri.getQueryParameters(), accept, null), auth);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/thumbnail")
    @Operation(summary = "Retrieve a thumbnail of the instance")
    public Response retrieveThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                      @PathParam("instance") String instance, @Context UriInfo uri,
                                      @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) throws IOException {
        return render(study, series, instance, 1, parameters(uri.getQueryParameters(), accept, THUMBNAIL_SIZE), auth);
    }

    private Response render(String study, String series, String instance, int frame, Renderer.Parameters p,
                            String auth) throws IOException {
        InstanceLocation location = index.locations(Uid.check(study), Uid.check(series), Uid.check(instance), auth)
                .filter(list -> !list.isEmpty()).map(List::getFirst)
                .orElseThrow(() -> ProblemException.notFound("No such instance"));
        byte[] image = Renderer.render(files.readForRendering(location), frame, p);
        return Response.ok(image).header(HttpHeaders.CONTENT_TYPE, p.mediaType()).build();
    }

    static Renderer.Parameters parameters(MultivaluedMap<String, String> query, String accept, Integer defaultSize) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ProblemException.badRequest("Unsupported query parameter: " + name);
            }
        }
        String mediaType = mediaType(accept);
        Double center = null;
        Double width = null;
        String window = query.getFirst("window");
        if (window != null) {
            double[] v = firstTwoNumbers(window, "window is center,width[,function]");
            center = v[0];
            width = v[1];
            if (width <= 0) {
                throw ProblemException.badRequest("window width must be positive");
            }
        }
        Integer vw = defaultSize;
        Integer vh = defaultSize;
        String viewport = query.getFirst("viewport");
        if (viewport != null) {
            double[] v = firstTwoNumbers(viewport, "viewport is width,height");
            if (v[0] != Math.rint(v[0]) || v[1] != Math.rint(v[1])) {
                throw ProblemException.badRequest("viewport is width,height");
            }
            vw = (int) v[0];
            vh = (int) v[1];
            if (vw < 1 || vh < 1 || vw > MAX_VIEWPORT || vh > MAX_VIEWPORT) {
                throw ProblemException.badRequest("viewport sizes are 1 to " + MAX_VIEWPORT);
            }
        }
        int quality = 90;
        String q = query.getFirst("quality");
        if (q != null) {
            try {
                quality = Integer.parseInt(q);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("quality is 1 to 100");
            }
            if (quality < 1 || quality > 100) {
                throw ProblemException.badRequest("quality is 1 to 100");
            }
        }
        return new Renderer.Parameters(mediaType, center, width, vw, vh, quality);
    }

    /** The first two comma-separated numbers of a parameter, or a 400 saying how it is written. */
    private static double[] firstTwoNumbers(String value, String usage) {
        String[] parts = value.split(",");
        try {
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        } catch (RuntimeException e) {
            throw ProblemException.badRequest(usage);
        }
    }

    private static String mediaType(String accept) {
        if (accept == null || accept.isBlank()) {
            return "image/jpeg";
        }
        for (String entry : accept.split(",")) {
            String media = entry.split(";")[0].trim().toLowerCase();
            switch (media) {
                case "image/jpeg", "image/*", "*/*" -> {
                    return "image/jpeg";
                }
                case "image/png" -> {
                    return "image/png";
                }
                default -> {
                    // try the next one
                }
            }
        }
        throw new ProblemException(406, "not-acceptable", "Not acceptable", "Rendered as image/jpeg or image/png");
    }
}

package org.irisimaging.gateway.wado;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.multipart.MultipartWriter;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * WADO-RS retrieve (PS3.18 §10.4): a study, a series or an instance as {@code multipart/related;
 * type="application/dicom"}, one Part 10 file per part, streamed from the blob store.
 */
@Path("/")
@Tag(name = "WADO-RS")
@Authenticated
public class RetrieveResource {

    private final StudyIndexReader index;
    private final InstanceFiles files;

    RetrieveResource(StudyIndexReader index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    @GET
    @Path("studies/{study}")
    @Operation(summary = "Retrieve a study's instances")
    public Response retrieveStudy(@PathParam("study") String study, @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                  @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return retrieve(Uid.check(study), null, null, accept, auth);
    }

    @GET
    @Path("studies/{study}/series/{series}")
    @Operation(summary = "Retrieve a series' instances")
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series,
                                   @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                   @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return retrieve(Uid.check(study), Uid.check(series), null, accept, auth);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}")
    @Operation(summary = "Retrieve an instance")
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance,
                                     @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                     @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return retrieve(Uid.check(study), Uid.check(series), Uid.check(instance), accept, auth);
    }

    private Response retrieve(String study, String series, String instance, String accept, String auth) {
        AcceptedTransferSyntax accepted = AcceptedTransferSyntax.fromAccept(accept);
        if (accepted == null) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable",
                    "Retrieve answers multipart/related; type=\"application/dicom\"");
        }
        List<InstanceLocation> locations = index.locations(study, series, instance, auth)
                .filter(list -> !list.isEmpty())
                .orElseThrow(() -> ProblemException.notFound("No such study, series or instance"));
        List<String> syntaxes = new ArrayList<>();
        for (InstanceLocation location : locations) {
            // A rendition asked for by its syntax (JPEG Lossless) is served as stored.
            String chosen = location.hasRenditionIn(accepted.transferSyntaxUID()) ? accepted.transferSyntaxUID()
                    : accepted.choose(location.servedTransferSyntaxUID());
            if (chosen == null) {
                throw new ProblemException(406, "not-acceptable", "Not acceptable",
                        "Stored as " + location.servedTransferSyntaxUID() + "; cannot convert to "
                                + accepted.transferSyntaxUID() + " (ask for transfer-syntax=*)");
            }
            syntaxes.add(chosen);
        }
        // Decoding happens before each part's header: what cannot be decoded goes out as stored by
        // default; asked for by name, a single instance is a 406 before any byte is sent.
        boolean storedIfNotDecodable = accepted.transferSyntaxUID() == null;
        InstanceFiles.Prepared first = locations.size() == 1 ? prepare(locations.getFirst(), syntaxes.getFirst(), storedIfNotDecodable) : null;
        String boundary = MultipartWriter.newBoundary();
        StreamedBody body = out -> {
            MultipartWriter multipart = new MultipartWriter(out, boundary);
            for (int i = 0; i < locations.size(); i++) {
                InstanceFiles.Prepared part = first != null ? first
                        : files.prepare(locations.get(i), syntaxes.get(i), storedIfNotDecodable);
                multipart.part("application/dicom; transfer-syntax=" + part.transferSyntaxUID());
                part.writeTo(out);
            }
            multipart.finish();
        };
        return Response.ok(body)
                .header(HttpHeaders.CONTENT_TYPE, MultipartWriter.contentType("application/dicom", boundary))
                .build();
    }

    private InstanceFiles.Prepared prepare(InstanceLocation location, String syntax, boolean storedIfNotDecodable) {
        try {
            return files.prepare(location, syntax, storedIfNotDecodable);
        } catch (Decoding.NotDecodableException e) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable", e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.irisimaging.gateway.stow;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.DeflatedDataSet;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.dicom.multipart.MalformedMultipartException;
import org.irisimaging.dicom.multipart.MultipartReader;
import org.irisimaging.dicom.multipart.MultipartRelatedType;
import org.irisimaging.gateway.dicomweb.DicomwebConfig;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.ingest.IngestConfig;
import org.irisimaging.gateway.ingest.IngestException;
import org.irisimaging.gateway.ingest.IngestOutcome;
import org.irisimaging.gateway.ingest.IngestService;
import org.irisimaging.gateway.ingest.IngestSource;
import org.irisimaging.gateway.ingest.ReceivedInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * STOW-RS (PS3.18 §10.5): {@code multipart/related; type="application/dicom"} bodies. The request
 * is streamed to the spool directory part by part (never held in memory) and checked against the
 * size limits before anything is stored; then each instance goes through the same ingest as a
 * C-STORE. 200 when all were stored, 202 when some failed, 409 when none was. Storing needs the
 * {@code ingest} role (a sending system's client) or {@code platform-admin}.
 */
@Path("/")
@Tag(name = "STOW-RS")
@RolesAllowed({"platform-admin", "ingest"})
public class StowResource {

    private final IngestService ingest;
    private final IngestConfig ingestConfig;
    private final StowConfig limits;
    private final SecurityIdentity caller;
    private final DicomwebConfig dicomweb;

    StowResource(IngestService ingest, IngestConfig ingestConfig, StowConfig limits, SecurityIdentity caller,
                 DicomwebConfig dicomweb) {
        this.dicomweb = dicomweb;
        this.ingest = ingest;
        this.ingestConfig = ingestConfig;
        this.limits = limits;
        this.caller = caller;
    }

    @POST
    @Path("studies")
    @Consumes("multipart/related")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Store instances")
    public Response storeInstances(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                   @Context HttpServerRequest request) throws IOException {
        return store(body, contentType, null, request);
    }

    @POST
    @Path("studies/{study}")
    @Consumes("multipart/related")
    @Produces({"application/dicom+json", "application/json"})
    @Operation(summary = "Store instances of one study")
    public Response storeStudyInstances(@PathParam("study") String study, InputStream body,
                                        @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                        @Context HttpServerRequest request) throws IOException {
        return store(body, contentType, Uid.check(study), request);
    }

    private Response store(InputStream body, String contentType, String study, HttpServerRequest request)
            throws IOException {
        MultipartRelatedType type = MultipartRelatedType.parse(contentType);
        String partType = type == null ? null : type.parameter("type");
        if (type == null || !type.mediaType().equals("multipart/related") || type.parameter("boundary") == null
                || (partType != null && !partType.equalsIgnoreCase("application/dicom"))) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "STOW-RS takes multipart/related; type=\"application/dicom\" with a boundary");
        }
        String boundary = type.parameter("boundary");
        if (boundary.isEmpty() || boundary.length() > MultipartReader.MAX_BOUNDARY_LENGTH) {
            throw ProblemException.badRequest("A multipart boundary has 1 to " + MultipartReader.MAX_BOUNDARY_LENGTH
                    + " characters");
        }
        // Before a byte of the body is read: a declared length over the limit is refused at once.
        if (declaredLength(request) > limits.maxRequestBytes()) {
            throw tooLarge("The request is larger than " + limits.maxRequestBytes() + " bytes");
        }
        List<java.nio.file.Path> spooled = new ArrayList<>();
        try {
            spool(body, boundary, spooled);
            IngestSource source = IngestSource.stow(request.remoteAddress() == null ? null
                    : request.remoteAddress().hostAddress(), sendingClient());
            StoreResponse response = new StoreResponse(dicomweb.publicUrl().replaceAll("/+$", ""));
            for (java.nio.file.Path file : spooled) {
                try {
                    IngestOutcome outcome = ingest.ingest(new ReceivedInstance(file, source,
                            new ReceivedInstance.Expected(null, null, study)));
                    response.stored(outcome);
                } catch (IngestException e) {
                    response.failed(file, e.reason());
                }
            }
            return response.build(study);
        } finally {
            for (java.nio.file.Path file : spooled) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Writes every part to its own spool file, enforcing the limits; nothing is ingested yet. */
    private void spool(InputStream body, String boundary, List<java.nio.file.Path> spooled) throws IOException {
        Files.createDirectories(ingestConfig.spoolDirectory());
        MultipartReader reader = new MultipartReader(new ClientBody(body), boundary);
        long total = 0;
        try {
            MultipartReader.Part part;
            while ((part = reader.next()) != null) {
                String media = part.mediaType();
                if (media != null && !media.equals("application/dicom")) {
                    throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                            "Part " + (spooled.size() + 1) + " is " + media + ", not application/dicom");
                }
                if (spooled.size() >= limits.maxInstances()) {
                    throw tooLarge("More than " + limits.maxInstances() + " instances in one request");
                }
                java.nio.file.Path file = Files.createTempFile(ingestConfig.spoolDirectory(), "stow-", ".dcm");
                spooled.add(file);
                long remaining = limits.maxRequestBytes() - total;
                long written = copy(part.body(), file, limits.maxInstanceBytes(), remaining);
                long inflatedLimit = Math.min(Math.min(limits.maxInstanceBytes(), ingestConfig.maxInflatedBytes()), remaining);
                total += Math.max(written, inflatedLength(file, inflatedLimit));
            }
        } catch (MalformedMultipartException e) {
            throw ProblemException.badRequest("Malformed multipart body: " + e.getMessage());
        }
        if (spooled.isEmpty()) {
            throw ProblemException.badRequest("The request has no part");
        }
    }

    private static long copy(InputStream in, java.nio.file.Path file, long maxInstance, long remaining) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                written += n;
                if (written > maxInstance) {
                    throw tooLarge("An instance is larger than " + maxInstance + " bytes");
                }
                if (written > remaining) {
                    throw tooLarge("The request is too large");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    /**
     * What a deflated instance expands to, counted against the same limits as wire bytes (a small
     * body may inflate to gigabytes); 0 for other transfer syntaxes. A cut or malformed deflate
     * stream is left to ingest, which refuses that instance with its reason.
     */
    private static long inflatedLength(java.nio.file.Path file, long limit) throws IOException {
        try {
            long inflated = DeflatedDataSet.inflatedLength(file, limit);
            if (inflated > limit) {
                throw tooLarge("A deflated instance expands to more than " + limit + " bytes");
            }
            return inflated;
        } catch (InvalidDicomException e) {
            return 0;
        }
    }

    /**
     * The request body: a read that fails is the client's doing (it stopped sending, the idle
     * timeout closed the connection), answered 400 rather than taken for a server error.
     */
    private static final class ClientBody extends java.io.FilterInputStream {

        ClientBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw incomplete(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw incomplete(e);
            }
        }

        private static ProblemException incomplete(IOException e) {
            ProblemException problem = ProblemException.badRequest("The request body ended before it was complete");
            problem.initCause(e);
            return problem;
        }
    }

    /** The declared Content-Length; -1 when absent (chunked); a 400 when it is not a number. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Content-Length is not a number");
        }
    }

    private static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "payload-too-large", "Payload too large", detail + "; nothing was stored");
    }

    /**
     * The sending system: the OIDC client its token was issued to ({@code azp}, else
     * {@code client_id}, else the subject of a client-credentials token). study-index maps it to the
     * producing establishment, as it maps a DIMSE sender's AE title.
     */
    private String sendingClient() {
        if (caller.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken token) {
            for (String claim : new String[] {"azp", "client_id"}) {
                Object value = token.getClaim(claim);
                String text = value instanceof jakarta.json.JsonString s ? s.getString() : value instanceof String s ? s : null;
                if (text != null && !text.isBlank()) {
                    return text;
                }
            }
            return token.getSubject();
        }
        return caller.getPrincipal() == null ? null : caller.getPrincipal().getName();
    }
}

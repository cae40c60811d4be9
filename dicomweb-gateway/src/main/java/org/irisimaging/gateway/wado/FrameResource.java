package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.multipart.MultipartRelatedType;
import org.irisimaging.dicom.multipart.MultipartWriter;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * WADO-RS frames (PS3.18 §10.4.1.1.4), one part per frame: for uncompressed originals the native
 * pixel data as {@code application/octet-stream}, little endian; for compressed originals each
 * frame's bitstream as stored (e.g. {@code image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50}),
 * when the client accepts that media type or {@code transfer-syntax=*}; and, asked for explicitly
 * ({@code type="image/jpeg"; transfer-syntax=1.2.840.10008.1.2.4.70}), the JPEG Lossless
 * rendition's bitstreams. Decoding compressed originals to native pixels is not built: 406.
 */
@Path("/")
@Tag(name = "WADO-RS")
@Authenticated
public class FrameResource {

    private static final String OCTET_STREAM = "application/octet-stream";
    /** Most distinct frames one request may name (docs/conformance.md). */
    static final int MAX_FRAMES_PER_REQUEST = 1000;

    private final StudyIndexReader index;
    private final InstanceFiles files;

    FrameResource(StudyIndexReader index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    @Operation(summary = "Retrieve frames (native pixels, or the stored compressed bitstreams)")
    public Response retrieveFrames(@PathParam("study") String study, @PathParam("series") String series,
                                   @PathParam("instance") String instance, @PathParam("frames") String frameList,
                                   @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                   @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) throws IOException {
        List<Integer> numbers = parseFrameList(frameList);
        InstanceLocation location = index.locations(Uid.check(study), Uid.check(series), Uid.check(instance), auth)
                .filter(list -> !list.isEmpty()).map(List::getFirst)
                .orElseThrow(() -> ProblemException.notFound("No such instance"));
        String stored = location.servedTransferSyntaxUID();
        String rendition = location.renditionTransferSyntaxUID();
        if (location.renditionBlobKey() != null && CompressedFrames.asksExplicitly(accept, rendition)) {
            // The JPEG rendition's bitstreams, as stored (no re-encoding).
            String partType = CompressedFrames.mediaType(rendition);
            return multipart(CompressedFrames.extract(files.readRendition(location).attributes(), numbers), partType,
                    partType + "; transfer-syntax=" + rendition);
        }
        if (TransferSyntaxes.isNative(stored)) {
            if (!acceptsOctetStream(accept)) {
                throw new ProblemException(406, "not-acceptable", "Not acceptable",
                        "Frames are served as multipart/related; type=\"application/octet-stream\"");
            }
            return multipart(extract(files.read(location).attributes(), numbers), OCTET_STREAM, OCTET_STREAM);
        }
        // Compressed: each frame's bitstream as stored when the client takes it, else decoded.
        String partType = CompressedFrames.acceptedPartType(accept, stored);
        if (partType != null) {
            return multipart(CompressedFrames.extract(files.read(location).attributes(), numbers), partType,
                    partType + "; transfer-syntax=" + stored);
        }
        if (acceptsOctetStream(accept) && Decoding.canDecode(stored)) {
            AttributeList decoded;
            try {
                decoded = files.readDecompressed(location);
            } catch (Decoding.NotDecodableException e) {
                throw new ProblemException(406, "not-acceptable", "Not acceptable", e.getMessage()
                        + ": ask for type=\"" + CompressedFrames.mediaType(stored) + "\" or transfer-syntax=*");
            }
            return multipart(extract(decoded, numbers), OCTET_STREAM, OCTET_STREAM);
        }
        throw new ProblemException(406, "not-acceptable", "Not acceptable", "Stored as " + stored
                + ": ask for type=\"" + CompressedFrames.mediaType(stored) + "\" or transfer-syntax=*");
    }

    private static Response multipart(List<byte[]> frames, String partType, String partHeader) {
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter multipart = new MultipartWriter(out, boundary);
            for (byte[] frame : frames) {
                multipart.part(partHeader, frame);
            }
            multipart.finish();
        };
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE,
                MultipartWriter.contentType(partType, boundary)).build();
    }

    /**
     * No Accept, any type, or multipart/related whose part type is application/octet-stream, absent
     * or a wildcard (the default).
     */
    static boolean acceptsOctetStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String entry : accept.split(",")) {
            MultipartRelatedType type = MultipartRelatedType.parse(entry);
            if (type == null) {
                continue;
            }
            String part = type.parameter("type");
            if (type.mediaType().equals("*/*") || type.mediaType().equals("multipart/*")
                    || (type.mediaType().equals("multipart/related")
                    && (type.asksDefaultPartType() || part.equalsIgnoreCase("application/octet-stream")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The frame numbers asked for, each once, in the order first asked: a list repeating a frame
     * ({@code 1,1,1,...}) is not work multiplied. At most {@link #MAX_FRAMES_PER_REQUEST} distinct
     * frames (400 above).
     */
    static List<Integer> parseFrameList(String frameList) {
        Set<Integer> numbers = new LinkedHashSet<>();
        for (String part : frameList.split(",", -1)) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                numbers.add(n);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Frame numbers are positive integers separated by commas");
            }
            if (numbers.size() > MAX_FRAMES_PER_REQUEST) {
                throw ProblemException.badRequest("At most " + MAX_FRAMES_PER_REQUEST + " frames in one request");
            }
        }
        return List.copyOf(numbers);
    }

    private static List<byte[]> extract(AttributeList list, List<Integer> numbers) {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        int frameCount = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        Attribute pixelData = list.get(TagFromName.PixelData);
        if (pixelData == null || rows == 0 || columns == 0 || bitsAllocated % 8 != 0) {
            throw ProblemException.notFound("This instance has no frames");
        }
        int frameBytes = rows * columns * samples * (bitsAllocated / 8);
        // OB, or OW (also for 8-bit samples, as some writers do): the bytes in little-endian order
        byte[] all = BulkData.littleEndianBytes(pixelData);
        List<byte[]> frames = new ArrayList<>();
        for (int n : numbers) {
            if (n > frameCount || (long) n * frameBytes > all.length) {
                throw ProblemException.notFound("No frame " + n + " (the instance has " + frameCount + ")");
            }
            byte[] frame = new byte[frameBytes];
            System.arraycopy(all, (n - 1) * frameBytes, frame, 0, frameBytes);
            frames.add(frame);
        }
        return frames;
    }
}

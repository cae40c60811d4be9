package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.ValueRepresentation;
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
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.multipart.MultipartWriter;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * WADO-RS bulk data (PS3.18 §10.4.1.1.5): the value of a top-level binary attribute, the target of
 * the BulkDataURIs in the stored metadata, as {@code multipart/related;
 * type="application/octet-stream"}, little endian. Encapsulated (compressed) Pixel Data is served
 * frame by frame through the frames resource instead (406 here).
 */
@Path("/")
@Tag(name = "WADO-RS")
@Authenticated
public class BulkDataResource {

    private static final Pattern TAG = Pattern.compile("[0-9A-Fa-f]{8}");

    private final StudyIndexReader index;
    private final InstanceFiles files;

    BulkDataResource(StudyIndexReader index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/bulkdata/{tag}")
    @Operation(summary = "Retrieve bulk data of an instance")
    public Response retrieveBulkData(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance, @PathParam("tag") String tag,
                                     @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                     @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) throws IOException {
        if (!TAG.matcher(tag).matches()) {
            throw ProblemException.badRequest("A bulk data tag is 8 hexadecimal digits, e.g. 7FE00010");
        }
        if (!FrameResource.acceptsOctetStream(accept)) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable",
                    "Bulk data is served as multipart/related; type=\"application/octet-stream\"");
        }
        InstanceLocation location = index.locations(Uid.check(study), Uid.check(series), Uid.check(instance), auth)
                .filter(list -> !list.isEmpty()).map(List::getFirst)
                .orElseThrow(() -> ProblemException.notFound("No such instance"));
        int value = (int) Long.parseLong(tag, 16);
        boolean pixelData = value >>> 16 == 0x7FE0;
        // Compressed Pixel Data is decoded (when a codec exists): bulk data is native samples.
        AttributeList list;
        try {
            list = pixelData && !TransferSyntaxes.isNative(location.servedTransferSyntaxUID())
                    && Decoding.canDecode(location.servedTransferSyntaxUID())
                    ? files.readDecompressed(location) : files.read(location).attributes();
        } catch (Decoding.NotDecodableException e) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable",
                    e.getMessage() + ": retrieve it frame by frame (…/frames/{n})");
        }
        Attribute attribute = list.get(new AttributeTag(value >>> 16, value & 0xFFFF));
        if (attribute == null || !ValueRepresentation.isBase64EncodedInJSON(attribute.getVR())) {
            throw ProblemException.notFound("No bulk data " + tag.toUpperCase() + " in this instance");
        }
        boolean encapsulated = attribute.getTag().getGroup() == 0x7FE0
                && !TransferSyntaxes.isNative(location.servedTransferSyntaxUID())
                && !Decoding.canDecode(location.servedTransferSyntaxUID());
        if (encapsulated || attribute instanceof OtherByteAttributeMultipleCompressedFrames) {
            throw new ProblemException(406, "not-acceptable", "Not acceptable",
                    "Compressed Pixel Data: retrieve it frame by frame (…/frames/{n})");
        }
        byte[] bytes = BulkData.littleEndianBytes(attribute);
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter multipart = new MultipartWriter(out, boundary);
            multipart.part("application/octet-stream", bytes);
            multipart.finish();
        };
        return Response.ok(body)
                .header(HttpHeaders.CONTENT_TYPE, MultipartWriter.contentType("application/octet-stream", boundary))
                .build();
    }
}

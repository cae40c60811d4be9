package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.multipart.MultipartWriter;
import org.irisimaging.gateway.dicomweb.Uid;
import org.irisimaging.gateway.index.StudyIndexReader;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A whole series as rendered images (PS3.18 §10.4.1.1.3 rendered series): every frame of every
 * image instance, in series order, as {@code multipart/related; type="image/jpeg"} (or PNG) — or,
 * with {@code Accept: application/zip}, as a ZIP of JPEG files to save at once: the "download as
 * JPEG" of the portals it replaces, streamed as the images are rendered rather than prepared
 * beforehand. Instances without an image (reports, presentation states) are left out. Same
 * rendering parameters as the instance's rendered resource.
 */
@Path("/")
@Tag(name = "WADO-RS")
@Authenticated
public class SeriesRenderedResource {

    static final String ZIP = "application/zip";

    private final StudyIndexReader index;
    private final InstanceFiles files;

    SeriesRenderedResource(StudyIndexReader index, InstanceFiles files) {
        this.index = index;
        this.files = files;
    }

    @GET
    @Path("studies/{study}/series/{series}/rendered")
    @Operation(summary = "Retrieve a rendered series: multipart of images, or a ZIP of JPEG files (Accept: application/zip)")
    public Response retrieveRenderedSeries(@PathParam("study") String study, @PathParam("series") String series,
                                           @Context UriInfo uri, @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        boolean zip = accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(ZIP);
        Renderer.Parameters p = RenderedResource.parameters(uri.getQueryParameters(),
                zip ? "image/jpeg" : imageType(accept), null);
        List<InstanceLocation> locations = index.locations(Uid.check(study), Uid.check(series), null, auth)
                .filter(list -> !list.isEmpty())
                .orElseThrow(() -> ProblemException.notFound("No such series"));
        if (zip) {
            StreamingOutput body = out -> writeZip(locations, p, out);
            return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, ZIP)
                    .header("Content-Disposition", "attachment; filename=\"series-jpeg.zip\"").build();
        }
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter multipart = new MultipartWriter(out, boundary);
            forEachImage(locations, p, (name, image) -> multipart.part(p.mediaType(), image));
            multipart.finish();
        };
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, MultipartWriter.contentType(p.mediaType(), boundary))
                .build();
    }

    /** ZIP entries stored, not deflated (JPEG does not compress further): IMG00001.jpg, IMG00002.jpg… */
    private void writeZip(List<InstanceLocation> locations, Renderer.Parameters p, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        forEachImage(locations, p, (name, image) -> {
            ZipEntry entry = new ZipEntry(name);
            CRC32 crc = new CRC32();
            crc.update(image);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(image.length);
            entry.setCompressedSize(image.length);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(image);
            zip.closeEntry();
        });
        zip.finish(); // the response stream is closed by the framework
    }

    private void forEachImage(List<InstanceLocation> locations, Renderer.Parameters p, ImageSink sink)
            throws IOException {
        int count = 0;
        for (InstanceLocation location : locations) {
            AttributeList list;
            try {
                list = files.readDecompressed(location);
            } catch (Decoding.NotDecodableException notDecodable) {
                continue; // pixel data not decodable here: the next instance (as not renderable ones)
            }
            if (list.get(TagFromName.PixelData) == null) {
                continue;
            }
            int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
            for (int frame = 1; frame <= frames; frame++) {
                byte[] image;
                try {
                    image = Renderer.render(list, frame, p);
                } catch (ProblemException notRenderable) {
                    break; // pixel data the renderer does not take: the next instance
                }
                sink.accept(String.format("IMG%05d.%s", ++count, p.mediaType().equals("image/png") ? "png" : "jpg"),
                        image);
            }
        }
    }

    /** The part type asked for in {@code multipart/related; type=...}: JPEG unless PNG is named. */
    private static String imageType(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("image/png") ? "image/png"
                : "image/jpeg";
    }

    @FunctionalInterface
    private interface ImageSink {
        void accept(String name, byte[] image) throws IOException;
    }
}

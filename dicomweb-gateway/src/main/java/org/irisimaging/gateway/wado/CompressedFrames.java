package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.multipart.MultipartRelatedType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Frames of encapsulated (compressed) pixel data, served as stored (PS3.18 §8.7.3.3.2 media types). */
final class CompressedFrames {

    private CompressedFrames() {
    }

    static String mediaType(String transferSyntaxUID) {
        String media = TransferSyntaxes.frameMediaType(transferSyntaxUID);
        return media == null ? "application/octet-stream" : media;
    }

    /**
     * The part media type to answer with, or {@code null} when the Accept header takes neither the
     * stored media type (with no, {@code *} or the stored transfer syntax) nor any transfer syntax.
     */
    static String acceptedPartType(String accept, String stored) {
        String media = mediaType(stored);
        if (accept == null || accept.isBlank()) {
            return null; // the default is native pixels, which cannot be produced yet
        }
        for (String entry : accept.split(",")) {
            MultipartRelatedType type = MultipartRelatedType.parse(entry);
            if (type == null || !type.mediaType().equals("multipart/related")) {
                continue;
            }
            String part = type.parameter("type");
            String syntax = type.parameter("transfer-syntax");
            boolean anySyntax = "*".equals(syntax);
            // type="*/*" takes any part type: the stored bitstream, as PS3.18 defaults compressed frames to.
            boolean anyPartType = part != null && type.asksDefaultPartType();
            if ((anyPartType || part != null && part.equalsIgnoreCase(media))
                    && (syntax == null || anySyntax || syntax.equals(stored))) {
                return media;
            }
            if ((part == null || part.equalsIgnoreCase("application/octet-stream")) && (anySyntax || stored.equals(syntax))) {
                return "application/octet-stream";
            }
        }
        return null;
    }

    /**
     * Whether the Accept header names {@code transferSyntaxUID} explicitly, with its media type
     * (e.g. {@code multipart/related; type="image/jpeg"; transfer-syntax=1.2.840.10008.1.2.4.70}):
     * how a client asks for the stored rendition's bitstreams.
     */
    static boolean asksExplicitly(String accept, String transferSyntaxUID) {
        if (accept == null || transferSyntaxUID == null) {
            return false;
        }
        for (String entry : accept.split(",")) {
            MultipartRelatedType type = MultipartRelatedType.parse(entry);
            if (type != null && type.mediaType().equals("multipart/related")
                    && mediaType(transferSyntaxUID).equalsIgnoreCase(type.parameter("type"))
                    && transferSyntaxUID.equals(type.parameter("transfer-syntax"))) {
                return true;
            }
        }
        return false;
    }

    static List<byte[]> extract(AttributeList list, List<Integer> numbers) {
        Attribute pixelData = list.get(TagFromName.PixelData);
        if (!(pixelData instanceof OtherByteAttributeMultipleCompressedFrames compressed)) {
            throw ProblemException.notFound("This instance has no frames");
        }
        byte[][] all = compressed.getFrames();
        List<byte[]> frames = new ArrayList<>();
        for (int n : numbers) {
            if (n > all.length) {
                throw ProblemException.notFound("No frame " + n + " (the instance has " + all.length + ")");
            }
            frames.add(all[n - 1]);
        }
        return frames;
    }
}

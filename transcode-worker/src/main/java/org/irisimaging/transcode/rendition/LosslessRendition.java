package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.irisimaging.dicom.jpeg.EncapsulatedFrames;
import org.irisimaging.dicom.jpeg.JpegLosslessEncoder;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The lossless tier: an instance's native Pixel Data encoded frame by frame as JPEG Lossless
 * (process 14, SV1), written as a Part 10 file in transfer syntax 1.2.840.10008.1.2.4.70 with every
 * other attribute unchanged; and its verification: decoded again by PixelMed's own JPEG lossless
 * codec and compared sample by sample with the original (about eight times the encoding's cost,
 * so it runs apart from it: {@link RenditionVerifier}).
 */
final class LosslessRendition {

    private LosslessRendition() {
    }

    /**
     * Renders {@code original} (a data set with native Pixel Data: as received, or decoded from a
     * lossless encoding).
     *
     * @throws UnsupportedPixelDataException if its pixel data cannot be encoded (kept as received)
     */
    static RenditionFile render(AttributeList original)
            throws UnsupportedPixelDataException, DicomException, IOException {
        return write(original, EncapsulatedFrames.encodeFrames(original));
    }

    /**
     * The rendition of an original that arrived in JPEG Lossless SV1: its bitstreams as received,
     * re-encapsulated the way every rendition is (Basic Offset Table, one fragment per frame).
     */
    static RenditionFile rewrap(AttributeList original, List<byte[]> frames) throws DicomException, IOException {
        return write(original, EncapsulatedFrames.of(frames));
    }

    private static RenditionFile write(AttributeList original, EncapsulatedFrames encoded) throws DicomException, IOException {
        AttributeList rendition = (AttributeList) original.clone();
        rendition.put(encoded.toPixelDataAttribute());
        if (Attribute.getSingleIntegerValueOrDefault(original, TagFromName.SamplesPerPixel, 1) > 1) {
            Attribute planar = new UnsignedShortAttribute(TagFromName.PlanarConfiguration);
            planar.addValue(0);
            rendition.put(planar);
        }
        return new RenditionFile(Part10.write(rendition, JpegLosslessEncoder.TRANSFER_SYNTAX_UID), encoded.frames().size());
    }

    /**
     * Decodes the rendition {@code part10} with PixelMed and compares every frame with
     * {@code original}'s native samples (decoded first when it arrived compressed).
     *
     * @throws VerificationFailed if a frame decodes to other samples, or the frame counts differ
     */
    static void verify(AttributeList original, InputStream part10)
            throws VerificationFailed, DicomException, IOException {
        AttributeList decoded = Part10.read(part10, true);
        int frames = NativePixels.frameCount(original);
        if (NativePixels.frameCount(decoded) != frames) {
            throw new VerificationFailed("decoded rendition has " + NativePixels.frameCount(decoded) + " frames, not " + frames);
        }
        for (int f = 0; f < frames; f++) {
            if (!Arrays.deepEquals(NativePixels.frame(original, f), NativePixels.frame(decoded, f))) {
                throw new VerificationFailed("frame " + (f + 1) + " decodes to other samples than the original's");
            }
        }
    }
}

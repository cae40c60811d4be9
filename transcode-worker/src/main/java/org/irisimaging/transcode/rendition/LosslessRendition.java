package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.irisimaging.dicom.jpeg.EncapsulatedFrames;
import org.irisimaging.dicom.jpeg.JpegLosslessEncoder;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lossless tier: an instance's native Pixel Data encoded frame by frame as JPEG Lossless
 * (process 14, SV1), written as a Part 10 file in transfer syntax 1.2.840.10008.1.2.4.70 with every
 * other attribute unchanged; and its verification: decoded again by PixelMed's own JPEG lossless
 * codec and compared sample by sample with the original (about eight times the encoding's cost,
 * so it runs apart from it: {@link RenditionVerifier}).
 */
final class LosslessRendition {

    private static final String SOURCE_AE = "IRIS";

    private LosslessRendition() {
    }

    /** A verified rendition: the Part 10 bytes and the number of frames they hold. */
    record Result(byte[] part10, int frames) {
    }

    /** The original's samples did not come back identical: the rendition must not be used. */
    static final class VerificationFailed extends Exception {
        private static final long serialVersionUID = 1L;

        VerificationFailed(String message) {
            super(message);
        }
    }

    /**
     * Renders {@code original} (a data set with native Pixel Data, file meta information included).
     *
     * @throws UnsupportedPixelDataException if its pixel data cannot be encoded (kept as received)
     */
    static Result render(AttributeList original)
            throws UnsupportedPixelDataException, DicomException, IOException {
        EncapsulatedFrames encoded = EncapsulatedFrames.encodeFrames(original);
        AttributeList rendition = (AttributeList) original.clone();
        rendition.put(encoded.toPixelDataAttribute());
        if (Attribute.getSingleIntegerValueOrDefault(original, TagFromName.SamplesPerPixel, 1) > 1) {
            Attribute planar = new UnsignedShortAttribute(TagFromName.PlanarConfiguration);
            planar.addValue(0);
            rendition.put(planar);
        }
        rendition.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(rendition, JpegLosslessEncoder.TRANSFER_SYNTAX_UID, SOURCE_AE);
        ByteArrayOutputStream part10 = new ByteArrayOutputStream();
        rendition.write(part10, JpegLosslessEncoder.TRANSFER_SYNTAX_UID, true, true);
        return new Result(part10.toByteArray(), encoded.frames().size());
    }

    /**
     * Decodes the rendition {@code part10} with PixelMed and compares every frame with {@code original}.
     *
     * @throws VerificationFailed if a frame decodes to other samples, or the frame counts differ
     */
    static void verify(AttributeList original, InputStream part10)
            throws VerificationFailed, DicomException, IOException {
        AttributeList decoded = new AttributeList();
        decoded.setDecompressPixelData(true);
        try (DicomInputStream in = new DicomInputStream(part10)) {
            decoded.read(in);
        }
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

package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.jpeg.JpegLosslessEncoder;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.irisimaging.dicom.lossy.LossyFrames;
import org.irisimaging.dicom.pixels.NativePixelData;
import org.irisimaging.dicom.pixels.PixelEncoding;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.irisimaging.transcode.rendition.RenditionConfig.StorageTier;

import java.io.IOException;
import java.util.List;

/**
 * What becomes of an original's pixel data in a storage tier (ADR 0016), without I/O:
 * <ul>
 * <li>lossy originals (JPEG baseline/extended, JPEG-LS near-lossless, JPEG 2000 that may be lossy,
 * video) are kept as received in both tiers: never relabelled lossless, never re-encoded (a second
 * lossy generation would lose more for little gain);</li>
 * <li>originals no decoder here takes (HTJ2K, 32-bit RLE, unknown syntaxes) are kept as received,
 * with the reason;</li>
 * <li>a JPEG Lossless SV1 original on the lossless tier keeps its bitstreams (already the target
 * form), re-encapsulated like every rendition;</li>
 * <li>everything else — native, RLE, JPEG lossless with another predictor, JPEG-LS lossless, JPEG 2000
 * lossless only (ADR 0022), or SV1 on the lossy tier —
 * is made native and encoded into the tier; the lossy tier falls back to lossless for pixel data it
 * does not take (palette colour...), saying so in the note.</li>
 * </ul>
 * Pixel data that arrived compressed losslessly and was re-encoded is verified like native data:
 * bit for bit against the decoded original ({@link RenditionVerifier}).
 */
final class Renderer {

    private Renderer() {
    }

    /** What was decided. */
    sealed interface Decision permits Rendered, Kept {
    }

    /** A rendition to store: {@code note} says how it was made when that is not the tier's plain path. */
    record Rendered(Outcome outcome, String transferSyntaxUid, byte[] part10, int frames, String note) implements Decision {
    }

    /** The original stays what is served, for {@code reason}. */
    record Kept(String reason) implements Decision {
    }

    /** Decides and renders {@code original} (which has Pixel Data) for {@code tier}. */
    static Decision render(DicomFile original, StorageTier tier, int lossyQuality) throws DicomException, IOException {
        String syntax = original.transferSyntaxUid();
        PixelEncoding encoding = PixelEncoding.of(syntax);
        if (encoding.lossy()) {
            return new Kept("pixel data arrived compressed lossily (" + syntax
                    + "): kept as received, never re-encoded nor relabelled lossless");
        }
        if (!encoding.decodable()) {
            return new Kept("pixel data arrived compressed (" + syntax + ") in an encoding no decoder here takes: kept as received");
        }
        AttributeList list = original.attributes();
        if (tier == StorageTier.LOSSLESS && TransferSyntaxes.JPEG_LOSSLESS_SV1.equals(syntax)) {
            try {
                List<byte[]> frames = NativePixelData.encapsulatedFrames(list);
                if (NativePixelData.isJpegLosslessSv1(frames)) {
                    RenditionFile kept = LosslessRendition.rewrap(list, frames);
                    return new Rendered(Outcome.LOSSLESS, JpegLosslessEncoder.TRANSFER_SYNTAX_UID, kept.part10(), kept.frames(),
                            "arrived as JPEG Lossless SV1: bitstreams kept as received");
                }
            } catch (UnsupportedPixelDataException e) {
                // fragments that do not give one bitstream per frame: decoded and encoded below
            }
        }
        AttributeList samples;
        try {
            samples = NativePixelData.decode(list, syntax);
        } catch (UnsupportedPixelDataException e) {
            return new Kept("pixel data not decodable (" + syntax + "): " + e.getMessage());
        }
        String from = encoding == PixelEncoding.NATIVE ? null : "decoded from " + syntax;
        String lossyRefusal = null;
        if (tier == StorageTier.LOSSY) {
            try {
                RenditionFile lossy = LossyRendition.render(samples, lossyQuality);
                return new Rendered(Outcome.LOSSY, LossyFrames.TRANSFER_SYNTAX_UID, lossy.part10(), lossy.frames(), from);
            } catch (UnsupportedPixelDataException e) {
                lossyRefusal = "not encodable as baseline JPEG (" + e.getMessage() + "): rendered lossless";
            }
        }
        try {
            RenditionFile lossless = LosslessRendition.render(samples);
            return new Rendered(Outcome.LOSSLESS, JpegLosslessEncoder.TRANSFER_SYNTAX_UID, lossless.part10(),
                    lossless.frames(), join(from, lossyRefusal));
        } catch (UnsupportedPixelDataException e) {
            return new Kept("pixel data not encodable as JPEG Lossless: " + e.getMessage());
        }
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }
}

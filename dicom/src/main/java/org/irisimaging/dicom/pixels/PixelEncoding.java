package org.irisimaging.dicom.pixels;

import java.util.Map;
import org.irisimaging.dicom.TransferSyntaxes;

/**
 * What a transfer syntax says about the Pixel Data it carries: native, compressed losslessly, or
 * compressed lossily, and whether this module decodes it for renditions (lossless only) or for
 * viewing (lossy too).
 * Unknown syntaxes are {@link #UNKNOWN}: never decoded, never assumed lossless.
 */
public enum PixelEncoding {

    /** Uncompressed (implicit/explicit little endian, big endian, deflated data set). */
    NATIVE(true, false, true),
    /** RLE Lossless (PS3.5 Annex G): decoded by {@link RleDecoder}. */
    RLE_LOSSLESS(true, false, true),
    /** JPEG Lossless process 14 (.57 any predictor, .70 SV1): decoded by PixelMed's codec. */
    JPEG_LOSSLESS(true, false, true),
    /** JPEG-LS lossless (.80): decoded by {@link JpegLsDecoder}. */
    JPEG_LS_LOSSLESS(true, false, true),
    /** JPEG 2000 lossless only (.90): decoded by jai-imageio's JJ2000 reader ({@link Jpeg2000Reader}). */
    JPEG_2000_LOSSLESS(true, false, true),
    /** Lossless, but no decoder here (HTJ2K lossless only). */
    LOSSLESS_WITHOUT_DECODER(false, false, false),
    /** JPEG baseline and extended (.50, .51; 8 or 12 bits): lossy, decoded for viewing by {@link JpegDctDecoder}. */
    JPEG_LOSSY(false, true, true),
    /** JPEG-LS near-lossless (.81): lossy, decoded for viewing. */
    JPEG_LS_NEAR_LOSSLESS(false, true, true),
    /** JPEG 2000 (.91), lossless or lossy: may be lossy, decoded for viewing. */
    JPEG_2000(false, true, true),
    /**
     * Lossy or possibly lossy without a decoder here (HTJ2K that may be lossy, MPEG/HEVC video):
     * never decoded, see ADR 0016 and ADR 0022.
     */
    LOSSY(false, true, false),
    /** A transfer syntax this module does not know. */
    UNKNOWN(false, false, false);

    private static final Map<String, PixelEncoding> BY_UID = Map.ofEntries(
            Map.entry(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.RLE_LOSSLESS, RLE_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_LOSSLESS, JPEG_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_LOSSLESS_SV1, JPEG_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_LS_LOSSLESS, JPEG_LS_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_2000_LOSSLESS, JPEG_2000_LOSSLESS),
            Map.entry(TransferSyntaxes.HTJ2K_LOSSLESS, LOSSLESS_WITHOUT_DECODER),
            Map.entry(TransferSyntaxes.HTJ2K_LOSSLESS_RPCL, LOSSLESS_WITHOUT_DECODER),
            Map.entry(TransferSyntaxes.JPEG_BASELINE, JPEG_LOSSY),
            Map.entry(TransferSyntaxes.JPEG_EXTENDED, JPEG_LOSSY),
            Map.entry(TransferSyntaxes.JPEG_LS_NEAR_LOSSLESS, JPEG_LS_NEAR_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_2000, JPEG_2000),
            Map.entry(TransferSyntaxes.HTJ2K, LOSSY)); // lossless or lossy

    private final boolean decodable;
    private final boolean lossy;
    private final boolean viewable;

    PixelEncoding(boolean decodable, boolean lossy, boolean viewable) {
        this.decodable = decodable;
        this.lossy = lossy;
        this.viewable = viewable;
    }

    /** The encoding of Pixel Data in transfer syntax {@code transferSyntaxUid}. */
    public static PixelEncoding of(String transferSyntaxUid) {
        String uid = transferSyntaxUid == null ? "" : transferSyntaxUid.trim();
        // 1.2.840.10008.1.2.4.100 to .4.108: MPEG-2, MPEG-4, HEVC video, all lossy.
        return BY_UID.getOrDefault(uid, uid.matches("1\\.2\\.840\\.10008\\.1\\.2\\.4\\.10\\d") ? LOSSY : UNKNOWN);
    }

    /** Whether {@link NativePixelData#decode} takes it (lossless or native: what renditions are made from). */
    public boolean decodable() {
        return decodable;
    }

    /**
     * Whether {@link NativePixelData#decodeForViewing} takes it: every decodable encoding, lossy ones
     * included (rendered images, uncompressed retrieval), never to be re-encoded as lossless.
     */
    public boolean viewable() {
        return viewable;
    }

    /** Whether the samples may differ from what the modality produced: must never be relabelled lossless. */
    public boolean lossy() {
        return lossy;
    }
}

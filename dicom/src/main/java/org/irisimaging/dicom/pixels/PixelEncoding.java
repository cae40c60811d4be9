package org.irisimaging.dicom.pixels;

import java.util.Map;
import org.irisimaging.dicom.TransferSyntaxes;

/**
 * What a transfer syntax says about the Pixel Data it carries, as far as renditions are concerned:
 * native, compressed losslessly, or compressed lossily, and whether this module can decode it.
 * Unknown syntaxes are {@link #UNKNOWN}: never decoded, never assumed lossless.
 */
public enum PixelEncoding {

    /** Uncompressed (implicit/explicit little endian, big endian, deflated data set). */
    NATIVE(true, false),
    /** RLE Lossless (PS3.5 Annex G): decoded by {@link RleDecoder}. */
    RLE_LOSSLESS(true, false),
    /** JPEG Lossless process 14 (.57 any predictor, .70 SV1): decoded by PixelMed's codec. */
    JPEG_LOSSLESS(true, false),
    /** Lossless, but no decoder here (JPEG-LS lossless, JPEG 2000 lossless only). */
    LOSSLESS_WITHOUT_DECODER(false, false),
    /**
     * Lossy or possibly lossy (JPEG baseline/extended, JPEG-LS near-lossless, JPEG 2000 which may be
     * either, MPEG/HEVC video...): never decoded to be re-encoded, see ADR 0016.
     */
    LOSSY(false, true),
    /** A transfer syntax this module does not know. */
    UNKNOWN(false, false);

    private static final Map<String, PixelEncoding> BY_UID = Map.ofEntries(
            Map.entry(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, NATIVE),
            Map.entry(TransferSyntaxes.RLE_LOSSLESS, RLE_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_LOSSLESS, JPEG_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_LOSSLESS_SV1, JPEG_LOSSLESS),
            Map.entry(TransferSyntaxes.JPEG_LS_LOSSLESS, LOSSLESS_WITHOUT_DECODER),
            Map.entry(TransferSyntaxes.JPEG_2000_LOSSLESS, LOSSLESS_WITHOUT_DECODER),
            Map.entry(TransferSyntaxes.HTJ2K_LOSSLESS, LOSSLESS_WITHOUT_DECODER),
            Map.entry(TransferSyntaxes.HTJ2K_LOSSLESS_RPCL, LOSSLESS_WITHOUT_DECODER),
            Map.entry(TransferSyntaxes.JPEG_BASELINE, LOSSY),
            Map.entry(TransferSyntaxes.JPEG_EXTENDED, LOSSY),
            Map.entry(TransferSyntaxes.JPEG_LS_NEAR_LOSSLESS, LOSSY),
            Map.entry(TransferSyntaxes.JPEG_2000, LOSSY),
            Map.entry(TransferSyntaxes.HTJ2K, LOSSY)); // lossless or lossy

    private final boolean decodable;
    private final boolean lossy;

    PixelEncoding(boolean decodable, boolean lossy) {
        this.decodable = decodable;
        this.lossy = lossy;
    }

    /** The encoding of Pixel Data in transfer syntax {@code transferSyntaxUid}. */
    public static PixelEncoding of(String transferSyntaxUid) {
        String uid = transferSyntaxUid == null ? "" : transferSyntaxUid.trim();
        // 1.2.840.10008.1.2.4.100 to .4.108: MPEG-2, MPEG-4, HEVC video, all lossy.
        return BY_UID.getOrDefault(uid, uid.matches("1\\.2\\.840\\.10008\\.1\\.2\\.4\\.10\\d") ? LOSSY : UNKNOWN);
    }

    /** Whether {@link NativePixelData#decode} takes it. */
    public boolean decodable() {
        return decodable;
    }

    /** Whether the samples may differ from what the modality produced: must never be relabelled lossless. */
    public boolean lossy() {
        return lossy;
    }
}

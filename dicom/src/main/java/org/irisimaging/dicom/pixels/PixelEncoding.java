package org.irisimaging.dicom.pixels;

import java.util.Map;

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

    /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (process 14, SV1). */
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    /** JPEG Baseline (process 1): the lossy tier's transfer syntax. */
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    private static final Map<String, PixelEncoding> BY_UID = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2", NATIVE),
            Map.entry("1.2.840.10008.1.2.1", NATIVE),
            Map.entry("1.2.840.10008.1.2.2", NATIVE),
            Map.entry("1.2.840.10008.1.2.1.99", NATIVE),
            Map.entry("1.2.840.10008.1.2.5", RLE_LOSSLESS),
            Map.entry("1.2.840.10008.1.2.4.57", JPEG_LOSSLESS),
            Map.entry(JPEG_LOSSLESS_SV1, JPEG_LOSSLESS),
            Map.entry("1.2.840.10008.1.2.4.80", LOSSLESS_WITHOUT_DECODER),
            Map.entry("1.2.840.10008.1.2.4.90", LOSSLESS_WITHOUT_DECODER),
            Map.entry("1.2.840.10008.1.2.4.201", LOSSLESS_WITHOUT_DECODER), // HTJ2K lossless only
            Map.entry("1.2.840.10008.1.2.4.202", LOSSLESS_WITHOUT_DECODER), // HTJ2K RPCL lossless only
            Map.entry(JPEG_BASELINE, LOSSY),
            Map.entry("1.2.840.10008.1.2.4.51", LOSSY),
            Map.entry("1.2.840.10008.1.2.4.81", LOSSY),
            Map.entry("1.2.840.10008.1.2.4.91", LOSSY),
            Map.entry("1.2.840.10008.1.2.4.203", LOSSY)); // HTJ2K, lossless or lossy

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

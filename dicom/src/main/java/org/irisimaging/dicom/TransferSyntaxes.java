package org.irisimaging.dicom;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one catalogue of transfer syntaxes (PS3.5 section 10, PS3.6 Annex A) the platform knows:
 * their UIDs, which ones an instance is stored in as received, which carry native (not
 * encapsulated) pixel data, and the media type of their frames (PS3.18 section 8.7.3.3.2). The
 * gateway (DIMSE negotiation, ingest, WADO), the worker and this module's codecs all ask here.
 */
public final class TransferSyntaxes {

    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    /** Retired, still sent by old equipment: accepted. */
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
    /** JPEG Baseline (process 1): also the lossy tier's rendition syntax. */
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    /** JPEG Extended (processes 2 and 4: 12-bit). */
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    /** JPEG Lossless, Non-Hierarchical (process 14), any predictor. */
    public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    /** JPEG Lossless, first-order prediction (process 14, SV1): the lossless tier's rendition syntax. */
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    /** High-Throughput JPEG 2000, lossless only. */
    public static final String HTJ2K_LOSSLESS = "1.2.840.10008.1.2.4.201";
    /** High-Throughput JPEG 2000 with RPCL options, lossless only. */
    public static final String HTJ2K_LOSSLESS_RPCL = "1.2.840.10008.1.2.4.202";
    /** High-Throughput JPEG 2000, lossless or lossy. */
    public static final String HTJ2K = "1.2.840.10008.1.2.4.203";
    public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    /**
     * The syntaxes instances are accepted in and stored as received (no transcoding): what the
     * DIMSE SCP negotiates and what ingest accepts, in no particular order.
     */
    public static final Set<String> STORED = Set.copyOf(List.of(IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN, JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS,
            JPEG_LOSSLESS_SV1, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, JPEG_2000_LOSSLESS, JPEG_2000, RLE_LOSSLESS));

    private static final Set<String> NATIVE = Set.of(IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN);

    private static final Map<String, String> FRAME_MEDIA_TYPES = Map.ofEntries(
            Map.entry(JPEG_BASELINE, "image/jpeg"),
            Map.entry(JPEG_EXTENDED, "image/jpeg"),
            Map.entry(JPEG_LOSSLESS, "image/jpeg"),
            Map.entry(JPEG_LOSSLESS_SV1, "image/jpeg"),
            Map.entry(JPEG_LS_LOSSLESS, "image/jls"),
            Map.entry(JPEG_LS_NEAR_LOSSLESS, "image/jls"),
            Map.entry(JPEG_2000_LOSSLESS, "image/jp2"),
            Map.entry(JPEG_2000, "image/jp2"),
            Map.entry(RLE_LOSSLESS, "image/dicom-rle"));

    private TransferSyntaxes() {
    }

    /** Whether instances in {@code uid} are accepted and stored as received. */
    public static boolean isStored(String uid) {
        return uid != null && STORED.contains(uid);
    }

    /** Native (not encapsulated) pixel data: the little/big endian and deflated syntaxes. */
    public static boolean isNative(String uid) {
        return uid != null && NATIVE.contains(uid);
    }

    /** The media type of a frame encoded in {@code uid}, or {@code null} for native or unknown syntaxes. */
    public static String frameMediaType(String uid) {
        return uid == null ? null : FRAME_MEDIA_TYPES.get(uid);
    }
}

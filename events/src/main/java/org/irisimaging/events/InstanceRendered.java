package org.irisimaging.events;

import java.time.Instant;

/**
 * transcode-worker has finished with an instance's pixel data: stored as JPEG per the storage tier
 * and verified, or kept as received (with the reason). study-index-service marks the instance
 * available, and its study once all its instances are. Keyed by StudyInstanceUID.
 *
 * @param studyInstanceUID  Study Instance UID (0020,000D)
 * @param seriesInstanceUID Series Instance UID (0020,000E)
 * @param sopInstanceUID    SOP Instance UID (0008,0018)
 * @param originalSha256    SHA-256 of the original this rendition was made from (an event about
 *                          a version since replaced is ignored)
 * @param outcome           what was done
 * @param blobKey           the blob to serve from now on: the rendition, or the original when kept
 * @param transferSyntaxUID transfer syntax of that blob
 * @param sizeBytes         its size
 * @param frames            number of frames encoded (0 when kept or without pixel data)
 * @param note              for people, not programs: why the original was kept, or how the rendition
 *                          was made (decoded from RLE, bitstreams kept, lossy-tier fallback); may be {@code null}
 * @param renderedAt        when the worker finished
 */
public record InstanceRendered(
        String studyInstanceUID,
        String seriesInstanceUID,
        String sopInstanceUID,
        String originalSha256,
        Outcome outcome,
        String blobKey,
        String transferSyntaxUID,
        long sizeBytes,
        int frames,
        String note,
        Instant renderedAt) {

    /** What the worker did with the pixel data. */
    public enum Outcome {
        /** JPEG Lossless (process 14, SV1), decoded and verified identical to the original. */
        LOSSLESS,
        /** Baseline JPEG, 8-bit, windowed (the cheap tier). */
        LOSSY,
        /** No pixel data to render (structured reports, presentation states...): served as received. */
        NO_PIXEL_DATA,
        /** Kept as received: already compressed, or not encodable (see {@code note}); never dropped. */
        KEPT_ORIGINAL
    }
}

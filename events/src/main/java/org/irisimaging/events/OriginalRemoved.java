package org.irisimaging.events;

import java.time.Instant;

/**
 * transcode-worker removed the original of an instance from the blob store, as the retention
 * setting allows once its rendition has been verified (decodable and, on the lossless tier,
 * sample-identical): from now on the rendition is what is served, decoded when a client asks for
 * uncompressed data. Published before the blob is deleted, so the index never points at a removed
 * file for longer than it takes study-index-service to consume this.
 *
 * @param originalSha256 the SHA-256 of the removed original: a newer version of the instance
 *                       (re-sent since) is not affected
 * @param blobKey        the removed original's blob key
 */
public record OriginalRemoved(
        String studyInstanceUID,
        String seriesInstanceUID,
        String sopInstanceUID,
        String originalSha256,
        String blobKey,
        Instant removedAt) {
}

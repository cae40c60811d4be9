package org.irisimaging.events;

import java.time.Instant;

/**
 * The gateway has durably stored an instance and study-index-service has registered it (new or
 * replaced; an identical re-send announces nothing). Written by study-index-service in the
 * registration's own transaction (transactional outbox) and relayed at least once, with a stable
 * CloudEvents id; consumed by transcode-worker (renditions). Keyed by StudyInstanceUID.
 *
 * @param studyInstanceUID  Study Instance UID (0020,000D)
 * @param seriesInstanceUID Series Instance UID (0020,000E)
 * @param sopInstanceUID    SOP Instance UID (0008,0018)
 * @param sopClassUID       SOP Class UID (0008,0016)
 * @param transferSyntaxUID transfer syntax of the stored original
 * @param blobKey           where the gateway's blob store holds the original Part 10 file
 * @param sizeBytes         size of the stored original
 * @param sha256            SHA-256 of the stored original (lower-case hexadecimal): tells which
 *                          version of a re-sent instance an event is about
 * @param source            how it arrived: {@code DIMSE} or {@code STOW}
 * @param callingAeTitle    the sending AE title (DIMSE), {@code null} for STOW
 * @param receivedAt        when study-index-service registered it
 */
public record InstanceReceived(
        String studyInstanceUID,
        String seriesInstanceUID,
        String sopInstanceUID,
        String sopClassUID,
        String transferSyntaxUID,
        String blobKey,
        long sizeBytes,
        String sha256,
        String source,
        String callingAeTitle,
        Instant receivedAt) {
}

package org.irisimaging.events;

import java.time.Instant;

/**
 * The gateway has durably stored an instance and study-index-service has registered it. Consumed
 * by transcode-worker (renditions). Keyed by StudyInstanceUID so that one study's events stay in
 * order.
 *
 * @param studyInstanceUID  Study Instance UID (0020,000D)
 * @param seriesInstanceUID Series Instance UID (0020,000E)
 * @param sopInstanceUID    SOP Instance UID (0008,0018)
 * @param sopClassUID       SOP Class UID (0008,0016)
 * @param transferSyntaxUID transfer syntax of the stored original
 * @param blobKey           where the gateway's blob store holds the original Part 10 file
 * @param sizeBytes         size of the stored original
 * @param source            how it arrived: {@code DIMSE} or {@code STOW}
 * @param callingAeTitle    the sending AE title (DIMSE), {@code null} for STOW
 * @param receivedAt        when the gateway finished storing it
 */
public record InstanceReceived(
        String studyInstanceUID,
        String seriesInstanceUID,
        String sopInstanceUID,
        String sopClassUID,
        String transferSyntaxUID,
        String blobKey,
        long sizeBytes,
        String source,
        String callingAeTitle,
        Instant receivedAt) {
}

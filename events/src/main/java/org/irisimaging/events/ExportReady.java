package org.irisimaging.events;

import java.time.Instant;

/**
 * transcode-worker has packaged an export ({@code READY}: a ZIP with a DICOMDIR in the blob store)
 * or given up on it ({@code FAILED}, with the reason). study-index-service marks the job, and
 * notification-service tells the requester (e-mail and in-app). Keyed by StudyInstanceUID.
 *
 * @param jobId            the export job's id
 * @param studyInstanceUID Study Instance UID (0020,000D)
 * @param studyDate        Study Date (0008,0020) as requested (YYYYMMDD), {@code null} when unknown
 * @param requesterSubject the requester's token subject
 * @param requesterEmail   the requester's e-mail address, {@code null} when unknown
 * @param locale           language of the notification: {@code fr} or {@code en}
 * @param outcome          what the worker did
 * @param blobKey          the package ({@code exports/<jobId>.zip}); {@code null} when failed
 * @param sizeBytes        its size (0 when failed)
 * @param instanceCount    number of DICOM files in it (0 when failed)
 * @param expiresAt        when the download stops (completion + the requested expiry); {@code null}
 *                         when failed
 * @param failureReason    why it failed, without patient data; {@code null} when ready
 * @param completedAt      when the worker finished
 */
public record ExportReady(
        String jobId,
        String studyInstanceUID,
        String studyDate,
        String requesterSubject,
        String requesterEmail,
        String locale,
        Outcome outcome,
        String blobKey,
        long sizeBytes,
        int instanceCount,
        Instant expiresAt,
        String failureReason,
        Instant completedAt) {

    /** Whether the package was made. */
    public enum Outcome {
        /** Packaged and stored: downloadable until {@code expiresAt}. */
        READY,
        /** Not packaged (a file missing or unreadable): nothing to download. */
        FAILED
    }
}

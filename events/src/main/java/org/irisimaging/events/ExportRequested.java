package org.irisimaging.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A person asked for a study, or a selection of its series and instances, as a ZIP with a DICOMDIR
 * (flow 4 of the design, ADR 0014). Written by study-index-service in the same transaction as the
 * export job (transactional outbox), after the access decision; consumed by transcode-worker, which
 * packages exactly the blobs listed and answers with {@link ExportReady}. Keyed by StudyInstanceUID.
 *
 * @param jobId            the export job's id (study-index-service's {@code export_job})
 * @param studyInstanceUID Study Instance UID (0020,000D)
 * @param studyDate        Study Date (0008,0020) as stored (YYYYMMDD), {@code null} when unknown;
 *                         the only study attribute the notification e-mail shows
 * @param requesterSubject the requester's token subject (who may download it)
 * @param requesterEmail   where to send the notification ({@code email} claim), {@code null} when
 *                         the token had none (in-app notification only)
 * @param locale           language of the notification: {@code fr} or {@code en}
 * @param expiry           how long the package may be downloaded once ready
 * @param instances        what to package, in series then instance order
 * @param requestedAt      when study-index-service accepted the request
 */
public record ExportRequested(
        String jobId,
        String studyInstanceUID,
        String studyDate,
        String requesterSubject,
        String requesterEmail,
        String locale,
        Duration expiry,
        List<Instance> instances,
        Instant requestedAt) {

    public ExportRequested {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    /**
     * One instance to package.
     *
     * @param seriesInstanceUID Series Instance UID (0020,000E)
     * @param sopInstanceUID    SOP Instance UID (0008,0018)
     * @param blobKey           the Part 10 file to package as it is: the rendition when there is one,
     *                          else the original
     * @param sizeBytes         that blob's size
     */
    public record Instance(String seriesInstanceUID, String sopInstanceUID, String blobKey, long sizeBytes) {
    }
}

package org.irisimaging.studyindex.export;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An export job as its requester sees it ({@code GET /api/exports/{id}}).
 *
 * @param id               the job's id
 * @param status           where it stands ({@code EXPIRED} once a ready package's period is over)
 * @param studyInstanceUID the study exported
 * @param instanceCount    instances asked for
 * @param requestedAt      when it was accepted
 * @param completedAt      when the worker finished, else {@code null}
 * @param expiresAt        when the download stops, once ready
 * @param sizeBytes        the package's size, once ready
 * @param failureReason    why it failed, else {@code null}
 * @param archive          the download path (through the gateway) while ready, else {@code null}
 */
public record ExportJob(UUID id, ExportStatus status, String studyInstanceUID, int instanceCount,
                        Instant requestedAt, Instant completedAt, Instant expiresAt, Long sizeBytes,
                        String failureReason, String archive, @JsonIgnore String requester,
                        @JsonIgnore String blobKey) {

    /**
     * A page of the caller's exports ({@code GET /api/exports}), newest first.
     *
     * @param total   how many exports the caller has in all
     * @param exports the page
     */
    public record Page(long total, int offset, int limit, List<ExportJob> exports) {
    }

    /** The path of the export's status resource. */
    static String path(UUID id) {
        return "/api/exports/" + id;
    }

    /** The job with its status as of {@code now}: a ready package past its expiry is EXPIRED. */
    ExportJob asOf(Instant now) {
        boolean expired = status == ExportStatus.READY && expiresAt != null && !now.isBefore(expiresAt);
        ExportStatus current = expired ? ExportStatus.EXPIRED : status;
        return new ExportJob(id, current, studyInstanceUID, instanceCount, requestedAt, completedAt, expiresAt,
                sizeBytes, failureReason, current == ExportStatus.READY ? path(id) + "/archive" : null,
                requester, blobKey);
    }
}

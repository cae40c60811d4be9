package org.irisimaging.transcode.export;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.irisimaging.blob.BlobStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes export packages once nobody may download them any more: packages written longer ago than
 * {@code iris.export.retention} (the download period, 72 h by default, plus a day for the downloads
 * that started just before it ended). Runs every {@code iris.export.purge-interval} (quarkus-scheduler;
 * a run still going when the next is due makes that one skip); each worker replica may run it,
 * deleting twice is harmless.
 */
@ApplicationScoped
public class ExportPurge {

    private static final Logger LOG = Logger.getLogger(ExportPurge.class);
    private static final String AREA = "exports";

    private final BlobStore blobs;
    private final ExportPurgeConfig config;
    private final Clock clock;

    // @Inject: with two constructors and none marked, CDI made no bean of this class and the purge never ran.
    @Inject
    ExportPurge(BlobStore blobs, ExportPurgeConfig config) {
        this(blobs, config, Clock.systemUTC());
    }

    ExportPurge(BlobStore blobs, ExportPurgeConfig config, Clock clock) {
        this.blobs = blobs;
        this.config = config;
        this.clock = clock;
    }

    /** Deletes the packages older than the retention; returns how many. */
    int purge() throws IOException {
        Instant cutoff = clock.instant().minus(config.retention());
        int deleted = 0;
        for (BlobStore.Listed listed : blobs.list(AREA)) {
            if (listed.modified().isBefore(cutoff) && blobs.delete(listed.key())) {
                deleted++;
            }
        }
        if (deleted > 0) {
            LOG.infof("Deleted %d export package(s) written before %s", deleted, cutoff);
        }
        return deleted;
    }

    @Scheduled(identity = "export-purge", every = "${iris.export.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeQuietly() {
        try {
            purge();
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Export packages could not be purged; next attempt in %s", config.purgeInterval());
        }
    }
}

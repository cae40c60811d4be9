package org.irisimaging.transcode.export;

import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.FileSystemBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Packages past their retention are deleted; recent ones and other blobs stay. */
class ExportPurgeTest {

    @TempDir
    Path root;

    @Test
    void packagesPastTheirRetentionAreDeleted() throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        BlobKey old = BlobKey.forExport(UUID.randomUUID());
        BlobKey recent = BlobKey.forExport(UUID.randomUUID());
        BlobKey rendition = new BlobKey("renditions/1.2/1.2.3/1.2.3.4.dcm");
        for (BlobKey key : new BlobKey[] {old, recent, rendition}) {
            blobs.write(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        }
        Files.setLastModifiedTime(root.resolve(old.value()), FileTime.from(now.minus(Duration.ofHours(97))));
        Files.setLastModifiedTime(root.resolve(recent.value()), FileTime.from(now.minus(Duration.ofHours(95))));
        Files.setLastModifiedTime(root.resolve(rendition.value()), FileTime.from(now.minus(Duration.ofDays(30))));

        ExportPurge purge = new ExportPurge(blobs, new ExportPurgeConfig() {
            @Override
            public Duration retention() {
                return Duration.ofHours(96);
            }

            @Override
            public Duration purgeInterval() {
                return Duration.ofHours(1);
            }
        }, Clock.fixed(now, ZoneOffset.UTC));

        assertThat(purge.purge()).isEqualTo(1);
        assertThat(blobs.exists(old)).isFalse();
        assertThat(blobs.exists(recent)).isTrue();
        assertThat(blobs.exists(rendition)).as("only export packages are purged").isTrue();
        assertThat(purge.purge()).isZero();
    }
}

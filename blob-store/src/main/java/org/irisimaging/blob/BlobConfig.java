package org.irisimaging.blob;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** The blob store of the services that share it (gateway, transcode-worker). */
@ConfigMapping(prefix = "iris.blob")
public interface BlobConfig {

    /**
     * {@code iris.blob.root}: the directory of the file-system blob store (created if missing). Keep
     * it on a file system that honours fsync (local disk, a persistent volume). Dev:
     * {@code ${java.io.tmpdir}/iris-dev/gateway/blobs} ({@code ./run.sh} passes
     * {@code <data-dir>/blobs}); test: a temporary directory; prod: required, no default.
     */
    Path root();
}

package org.irisimaging.gateway.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Ingest of received instances (DIMSE C-STORE now, STOW-RS later). */
@ConfigMapping(prefix = "iris.ingest")
public interface IngestConfig {

    /**
     * {@code iris.ingest.spool-directory}: where received objects are written while they arrive,
     * before they are checked and stored in the blob store (created if missing; its files are removed
     * once answered). Default {@code ${java.io.tmpdir}/iris-ingest-spool}.
     */
    @WithDefault("${java.io.tmpdir}/iris-ingest-spool")
    Path spoolDirectory();

    /**
     * {@code iris.ingest.max-inflated-bytes}: largest data set a Deflated Explicit VR Little Endian
     * instance may expand to (it is parsed in memory, pixel data included). Above it: DIMSE
     * 0xA700 / STOW 413, nothing stored. Default 512 MiB.
     */
    @WithDefault("536870912")
    long maxInflatedBytes();
}

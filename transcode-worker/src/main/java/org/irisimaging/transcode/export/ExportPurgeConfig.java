package org.irisimaging.transcode.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The worker's {@code iris.export.*} settings: how long export packages are kept ({@link ExportPurge}). */
@ConfigMapping(prefix = "iris.export")
public interface ExportPurgeConfig {

    /** How long a package is kept after it was written (longer than study-index's {@code iris.export.expiry}). */
    @WithDefault("PT96H")
    Duration retention();

    /** How often expired packages are looked for. */
    @WithDefault("PT1H")
    Duration purgeInterval();
}

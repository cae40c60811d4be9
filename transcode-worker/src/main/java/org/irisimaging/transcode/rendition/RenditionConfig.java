package org.irisimaging.transcode.rendition;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How pixel data is stored ({@code iris.rendition.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.rendition")
public interface RenditionConfig {

    /** Storage tier of a site that has none configured. */
    @WithDefault("LOSSLESS")
    StorageTier defaultTier();

    /** Baseline JPEG quality (1-100) of the lossy tier. */
    @WithDefault("90")
    int lossyQuality();

    /** How long an original is kept after its rendition has been verified. */
    @WithDefault("P7D")
    Duration originalRetention();

    /**
     * How long after the last received instance the verification of renditions resumes: while a
     * study arrives, the CPU goes to ingest and rendering.
     */
    @WithDefault("PT5S")
    Duration verificationQuietPeriod();

    /** Storage tiers: lossless JPEG (process 14, bit-exact) or lossy baseline JPEG (8-bit). */
    enum StorageTier {
        LOSSLESS, LOSSY
    }
}

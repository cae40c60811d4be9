package org.irisimaging.transcode.rendition;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Map;

/** How pixel data is stored ({@code iris.rendition.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.rendition")
public interface RenditionConfig {

    /** Storage tier of a site that has none configured. */
    @WithDefault("LOSSLESS")
    StorageTier defaultTier();

    /**
     * Baseline JPEG quality (1-100, the IJG scale) of the lossy tier. 90 keeps a CT-like frame windowed
     * to 8 bits above 40 dB PSNR at about a fifteenth of its 16-bit size (ADR 0016).
     */
    @WithDefault("90")
    @Min(1)
    @Max(100)
    int lossyQuality();

    /**
     * Storage tier per sending source, {@code iris.rendition.sites.<source>.tier}: the source is the
     * calling AE title of a DIMSE association, or {@code STOW} for STOW-RS — the names
     * study-index-service's {@code iris.sites.<source>} uses.
     */
    Map<String, Site> sites();

    /**
     * How long after the last received instance the verification of renditions resumes: while a
     * study arrives, the CPU goes to ingest and rendering.
     */
    @WithDefault("PT5S")
    Duration verificationQuietPeriod();

    /**
     * Renditions wait while instances keep arriving (none for this long: ingest has paused), so
     * that a PACS pushing a study gets the CPU and the disk; at most {@link #maxDeferral} after the
     * instance arrived. Zero renders at once.
     */
    @WithDefault("PT0.5S")
    Duration ingestQuietPeriod();

    /** The longest a rendition waits for ingest to pause, counted from the instance's arrival. */
    @WithDefault("PT30S")
    Duration maxDeferral();

    /** One sending source's settings. */
    interface Site {

        /** {@code iris.rendition.sites.<source>.tier}: the storage tier of what this source sends. */
        StorageTier tier();
    }

    /** Storage tiers: lossless JPEG (process 14, bit-exact) or lossy baseline JPEG (8-bit). */
    enum StorageTier {
        LOSSLESS, LOSSY
    }
}

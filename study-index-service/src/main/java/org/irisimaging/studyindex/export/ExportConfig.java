package org.irisimaging.studyindex.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Export packages ({@code iris.export.*}); reference in docs/configuration.md, decisions in ADR 0014. */
@ConfigMapping(prefix = "iris.export")
public interface ExportConfig {

    /**
     * {@code iris.export.expiry}: how long a package may be downloaded once ready (then 410 Gone).
     * Travels with the request, so a job keeps the expiry it was requested with. Default {@code PT72H}.
     */
    @WithDefault("PT72H")
    Duration expiry();

    /**
     * {@code iris.export.max-selection-size}: most UIDs one request may list in
     * {@code seriesInstanceUIDs} plus {@code sopInstanceUIDs} (more is a 400). Default {@code 10000}.
     */
    @WithDefault("10000")
    int maxSelectionSize();
}

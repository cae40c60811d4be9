package org.irisimaging.studyindex.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Audit log settings ({@code iris.audit.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.audit")
public interface AuditConfig {

    /** Largest number of audit lines one listing returns ({@code limit} above it is a 400). */
    @WithDefault("1000")
    int maxListSize();

    /**
     * Identical data accesses (same caller, action, study, outcome and client) within this window
     * are one audit line with a repeat count; zero records every access on its own line.
     */
    @WithDefault("PT1M")
    Duration repeatWindow();

    /** The audit source named in exported audit messages (AuditSourceID, FHIR source.site). */
    @WithDefault("iris")
    String sourceId();
}

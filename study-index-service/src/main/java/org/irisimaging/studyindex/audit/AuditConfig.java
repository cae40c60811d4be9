package org.irisimaging.studyindex.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Audit log settings ({@code iris.audit.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.audit")
public interface AuditConfig {

    /** Largest number of audit lines one listing returns ({@code limit} above it is a 400). */
    @WithDefault("1000")
    int maxListSize();
}

package org.irisimaging.gateway.stow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** STOW-RS limits ({@code iris.stow.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.stow")
public interface StowConfig {

    /** Largest STOW-RS request body, all parts together, in bytes; above it: 413, nothing stored. */
    @WithDefault("4294967296")
    long maxRequestBytes();

    /** Largest single instance (one part), in bytes; above it: 413, nothing stored. */
    @WithDefault("2147483648")
    long maxInstanceBytes();

    /** Most instances in one request; above it: 413, nothing stored. */
    @WithDefault("10000")
    int maxInstances();
}

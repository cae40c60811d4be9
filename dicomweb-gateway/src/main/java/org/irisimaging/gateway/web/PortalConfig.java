package org.irisimaging.gateway.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The portal's settings ({@code iris.portal.*}), handed to the browser by {@code /portal/config.json}. */
@ConfigMapping(prefix = "iris.portal")
public interface PortalConfig {

    /** The portal's OAuth client at identity-service: public, authorization code + PKCE. */
    @WithDefault("iris-portal")
    String clientId();

    /** Without input for this long, the portal signs the person out (the provider's session idle time). */
    @WithDefault("PT15M")
    Duration idleTimeout();

    /** How long before that the portal warns, with "stay signed in". */
    @WithDefault("PT2M")
    Duration idleWarning();

    /** Where the bundled viewer opens a study ({@code ?StudyInstanceUIDs=} is added). */
    @WithDefault("/viewer/viewer")
    String viewerPath();
}

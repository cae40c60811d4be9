package org.irisimaging.notification.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** In-app inbox settings ({@code iris.inbox.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.inbox")
public interface InboxConfig {

    /** How many of the latest notifications the inbox listing returns. */
    @WithDefault("100")
    int pageSize();
}

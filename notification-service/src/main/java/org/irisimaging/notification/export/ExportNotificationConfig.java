package org.irisimaging.notification.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.ZoneId;

/** Export notifications ({@code iris.export.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.export")
public interface ExportNotificationConfig {

    /**
     * {@code iris.export.download-base-url}: the platform's public URL (the gateway's), before
     * {@code /api/exports/{id}/archive} in the link of the e-mail and the in-app notification. Dev:
     * {@code http://localhost:8080}; prod: required, no default.
     */
    URI downloadBaseUrl();

    /** {@code iris.export.time-zone}: time zone of the expiry shown to people. Default {@code Europe/Paris}. */
    @WithDefault("Europe/Paris")
    ZoneId timeZone();
}

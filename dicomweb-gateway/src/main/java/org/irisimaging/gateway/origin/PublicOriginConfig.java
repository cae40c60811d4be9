package org.irisimaging.gateway.origin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public origin (ADR 0023): the paths of the platform APIs and of the OpenID provider that the
 * gateway passes on to the service owning them, so that browsers and integrators see one origin.
 * The one list of those paths; the Kubernetes ingress routes the same ones
 * (deploy/kubernetes/base/ingress.yaml, compared by deploy/kubernetes/check.sh).
 */
@ConfigMapping(prefix = "iris.public-origin")
public interface PublicOriginConfig {

    /**
     * {@code iris.public-origin.services.<service>}: per owning service, its paths and where it
     * listens. A service without a URL is not passed on (Kubernetes: the ingress routes it).
     */
    Map<String, Service> services();

    /** {@code iris.public-origin.connect-timeout}: to open a connection to an owning service. Default {@code PT2S}. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /**
     * {@code iris.public-origin.idle-timeout}: a proxied exchange with no byte either way for this
     * long is closed (the caller gets 502 if nothing was answered yet). Default {@code PT60S}.
     */
    @WithDefault("PT60S")
    Duration idleTimeout();

    interface Service {

        /**
         * {@code iris.public-origin.services.<service>.url}: the service's base URL
         * ({@code http://host:port}); unset: the gateway does not serve these paths.
         */
        Optional<URI> url();

        /**
         * {@code iris.public-origin.services.<service>.paths}: the paths it owns on the public
         * origin; {@code /a} is that path exactly, {@code /a/*} is {@code /a} and everything below it.
         */
        List<String> paths();
    }
}

package org.irisimaging.gateway.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the gateway reaches study-index-service ({@link StudyIndexHttp}). Retries, timeouts of a
 * whole call and the circuit breakers are SmallRye Fault Tolerance's, set per method with
 * {@code quarkus.fault-tolerance."org.irisimaging.gateway.index.StudyIndexHttp/<method>".*}
 * (docs/configuration.md); the gateway's own token comes from {@code quarkus.oidc-client.*}.
 */
@ConfigMapping(prefix = "iris.index")
public interface IndexConfig {

    /**
     * {@code iris.index.url}: study-index-service's base URL. Required (startup fails without it,
     * {@link IndexSettingsCheck}); dev: {@code http://localhost:8082}.
     */
    Optional<URI> url();

    /** {@code iris.index.connect-timeout}: to open a connection. Default {@code PT2S}. */
    @WithDefault("PT2S")
    Duration connectTimeout();
}

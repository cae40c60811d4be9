package org.irisimaging.gateway.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the gateway calls study-index-service. Its URL and timeouts are the REST client's own keys
 * ({@code quarkus.rest-client.study-index.url}, {@code .connect-timeout}, {@code .read-timeout});
 * the token comes from {@code quarkus.oidc-client.*}.
 */
@ConfigMapping(prefix = "iris.index")
public interface IndexConfig {

    /** Retries of a registration that failed for a reason that may pass (5xx, no connection, timeout). */
    Retry retry();

    interface Retry {

        /**
         * {@code iris.index.retry.max-retries}: retries after the first attempt (so up to 1 + this
         * many attempts). Default {@code 3}.
         */
        @WithDefault("3")
        int maxRetries();

        /**
         * {@code iris.index.retry.initial-backoff}: wait before the first retry; doubled for each
         * further one, with jitter. Default {@code PT0.2S}.
         */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        /** {@code iris.index.retry.max-backoff}: longest wait between two attempts. Default {@code PT2S}. */
        @WithDefault("PT2S")
        Duration maxBackoff();
    }
}

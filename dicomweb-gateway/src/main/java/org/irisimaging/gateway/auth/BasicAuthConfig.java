package org.irisimaging.gateway.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * HTTP Basic for registered machine clients ({@code iris.basic-auth.*}, ADR 0020): a peer that
 * can only send static headers (Orthanc's {@code Username}/{@code Password}) presents its client
 * id and secret; the gateway trades them for a client-credentials token.
 */
@ConfigMapping(prefix = "iris.basic-auth")
public interface BasicAuthConfig {

    /**
     * identity-service's token endpoint, reached from inside the platform. Absent: Basic is not
     * accepted (bearer tokens only).
     */
    Optional<URI> tokenEndpoint();

    /**
     * The paths where Basic is accepted: each is that path and everything below it. By default the
     * DICOMweb API (QIDO-RS, WADO-RS, STOW-RS, rendered, thumbnails; WADO-URI). Elsewhere, notably
     * on the OpenID provider's paths the public origin passes on (a client authenticating at
     * {@code /token} with Basic), the header is left alone.
     */
    @WithDefault("/studies,/series,/instances,/wado")
    List<String> paths();

    /** A cached token is given up this long before it expires, so that no call carries a dying token. */
    @WithDefault("PT60S")
    Duration expirySkew();

    /** Refused credentials are answered from memory (401 without asking identity-service) this long. */
    @WithDefault("PT5S")
    Duration refusalMemory();

    /** The exchange with the token endpoint, connection included, must answer within this. */
    @WithDefault("PT5S")
    Duration timeout();

    /** At most this many credentials are remembered (expired entries are dropped first). */
    @WithDefault("1000")
    int maxEntries();
}

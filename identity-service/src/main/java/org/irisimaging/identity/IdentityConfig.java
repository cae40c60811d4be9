package org.irisimaging.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** identity-service settings ({@code iris.identity.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.identity")
public interface IdentityConfig {

    /** Issuer URL written in tokens and in the discovery document: identity-service's public base URL. */
    String issuer();

    /** Audience of the access tokens; every service accepts only this audience. */
    @WithDefault("iris-platform")
    String audience();

    /** Lifetime of an access token. */
    @WithDefault("PT15M")
    Duration accessTokenLifetime();

    /** Token signing keys. */
    Signing signing();

    /** OAuth clients allowed to use the token endpoint, by client id. None by default. */
    Map<String, Client> clients();

    /** Dev-only conveniences; startup fails if one is enabled in the prod profile. */
    Dev dev();

    interface Signing {
        /** JWK set file holding the private signing key(s); mount it from a secret in production. */
        Path keyFile();

        /** Create a new key pair in {@code key-file} when the file does not exist (dev and test only). */
        @WithDefault("false")
        boolean generateIfMissing();
    }

    interface Client {
        /** The client secret (client_secret_basic or client_secret_post). Supply it from a secret. */
        String secret();

        /** Platform roles granted to tokens issued to this client through client_credentials. */
        List<String> roles();
    }

    interface Dev {
        /** {@code POST /dev/sign-in}: a user token for a demo account without credentials. */
        @WithDefault("false")
        boolean signInEnabled();

        /** Create the demo accounts (prescriber, site admin, platform admin) at startup. */
        @WithDefault("false")
        boolean demoAccounts();
    }
}

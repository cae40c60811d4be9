package org.irisimaging.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** identity-service settings ({@code iris.identity.*}); reference in docs/identity.md and docs/configuration.md. */
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

    /** Lifetime of an authorization code (RFC 6749 §4.1.2 recommends at most 10 minutes). */
    @WithDefault("PT1M")
    Duration authorizationCodeLifetime();

    /** Token signing keys. */
    Signing signing();

    /** OAuth clients, by client id. None by default. */
    Map<String, Client> clients();

    /** The password policy and hashing ({@code iris.identity.password.*}). */
    Password password();

    /** Lockout after repeated failed password or one-time-code attempts. */
    Lockout lockout();

    /** One-time codes (second factor after the password). */
    Otp otp();

    /** The browser session of the sign-in pages. */
    Session session();

    /** The charter (charte d'utilisation) a practitioner accepts when registering. */
    Charter charter();

    /** The periodic deletion of what ended or expired sign-ins leave behind. */
    Purge purge();

    /** Sign-in with the CPS card (client certificate) and through a Pro Santé Connect compatible provider. */
    Cps cps();

    /** Dev-only conveniences; startup fails if one is enabled in the prod profile. */
    Dev dev();

    /** Cross-origin access to the endpoints a browser application calls (discovery, JWKS, token, userinfo). */
    Cors cors();

    interface Cors {
        /**
         * Origins (scheme://host[:port]) whose pages may call the OpenID endpoints from a browser,
         * besides the issuer's own origin. None by default.
         */
        Optional<List<String>> allowedOrigins();

        /** How long a browser may cache a preflight answer. */
        @WithDefault("PT1H")
        Duration maxAge();
    }

    interface Signing {
        /** JWK set file holding the private signing key(s); mount it from a secret in production. */
        Path keyFile();

        /** Create a new key pair in {@code key-file} when the file does not exist (dev and test only). */
        @WithDefault("false")
        boolean generateIfMissing();
    }

    interface Client {
        /**
         * The client secret (client_secret_basic or client_secret_post) of a confidential client.
         * Supply it from a secret. A public client has none.
         */
        Optional<String> secret();

        /** A public client (a browser application, e.g. a viewer): no secret, PKCE only. */
        @WithName("public")
        @WithDefault("false")
        boolean isPublic();

        /** Grant types the client may use: client_credentials, authorization_code, refresh_token. */
        @WithDefault("client_credentials")
        List<String> grantTypes();

        /** Platform roles granted to tokens issued to this client through client_credentials. */
        Optional<List<String>> roles();

        /** Redirect URIs, compared exactly (authorization_code clients). */
        Optional<List<String>> redirectUris();

        /** Where the end-session endpoint may send the browser after logout, compared exactly. */
        Optional<List<String>> postLogoutRedirectUris();
    }

    interface Password {
        /** Minimum length, in characters. */
        @WithDefault("12")
        int minLength();

        /** Maximum length, in characters (bounds the hashing work per attempt). */
        @WithDefault("256")
        int maxLength();

        /** At least one digit. */
        @WithDefault("true")
        boolean requireDigit();

        /** At least one lower-case letter. */
        @WithDefault("true")
        boolean requireLowerCase();

        /** At least one upper-case letter. */
        @WithDefault("true")
        boolean requireUpperCase();

        /** At least one character that is neither a letter nor a digit. */
        @WithDefault("false")
        boolean requireSymbol();

        /** Argon2id memory cost in KiB (OWASP minimum: 19456 with 2 iterations). */
        @WithDefault("19456")
        int argon2MemoryKib();

        /** Argon2id iterations. */
        @WithDefault("2")
        int argon2Iterations();

        /** Argon2id parallelism (lanes). */
        @WithDefault("1")
        int argon2Parallelism();
    }

    interface Lockout {
        /** Failed password or one-time-code attempts in a row that lock the account. */
        @WithDefault("5")
        int maxFailures();

        /** How long the first lock lasts; each following lock lasts twice as long as the previous one. */
        @WithDefault("PT1M")
        Duration initialDuration();

        /** The longest a lock lasts. */
        @WithDefault("PT1H")
        Duration maxDuration();
    }

    interface Otp {
        /** How long a one-time code stays valid. */
        @WithDefault("PT5M")
        Duration lifetime();

        /** Attempts allowed per code; the code is void after that. */
        @WithDefault("5")
        int maxAttempts();

        /** The SMS provider: {@code none} (SMS codes unavailable) or {@code logging} (dev only). */
        @WithDefault("none")
        String smsProvider();

        /**
         * How long the password step waits for the mail server to take a code e-mail; after that the
         * person is told the code could not be sent (and the code is void).
         */
        @WithDefault("PT15S")
        Duration deliveryTimeout();
    }

    interface Session {
        /** The session ends after this long without activity (sign-in, authorize, token refresh). */
        @WithDefault("PT15M")
        Duration idleTimeout();

        /** The session ends this long after sign-in whatever the activity. */
        @WithDefault("PT12H")
        Duration maxLifetime();

        /** Name of the session cookie. */
        @WithDefault("iris_session")
        String cookieName();

        /** Send the cookie over HTTPS only (the {@code Secure} attribute); switch off for dev over http. */
        @WithDefault("true")
        boolean cookieSecure();
    }

    interface Charter {
        /** Version of the charter in force; a registration must quote it. */
        @WithDefault("2025-1")
        String version();
    }

    interface Purge {
        /** Run the purge at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often the purge runs (a run still going when the next is due makes that one skip). */
        @WithDefault("PT10M")
        Duration interval();

        /**
         * How long ended or expired sessions, authorization codes and revoked refresh token families
         * are kept before deletion (expired one-time codes are cleared at once).
         */
        @WithDefault("P1D")
        Duration retention();

        /** Rows per purge transaction. */
        @WithDefault("500")
        int batchSize();
    }

    interface Dev {
        /** {@code POST /dev/sign-in}: a user token for a demo account without credentials. */
        @WithDefault("false")
        boolean signInEnabled();

        /** Create the demo accounts (prescriber, site admin, platform admin) at startup. */
        @WithDefault("false")
        boolean demoAccounts();

        /** Password given to the demo accounts (with e-mail one-time codes and a recorded CPS sign-in). */
        Optional<String> demoPassword();
    }

    interface Cps {
        /**
         * How long each hand-off of a CPS sign-in stays valid: the link to the TLS listener, the ticket
         * back to the issuer, a request waiting at the upstream provider.
         */
        @WithDefault("PT5M")
        Duration handoffLifetime();

        /** The CPS card: a TLS listener that requests a client certificate. */
        Mtls mtls();

        /** Federation with an upstream OpenID provider compatible with Pro Santé Connect. */
        Federation federation();
    }

    interface Mtls {
        /** Start the card listener and offer the card on the sign-in page. */
        @WithDefault("false")
        boolean enabled();

        /**
         * Where the card's TLS ends: {@code service} (the listener speaks TLS and requests the card) or
         * {@code ingress} (an ingress ends TLS and passes the card's certificate in a header to the
         * listener, which then speaks plain HTTP and believes the header from {@code trusted-proxies} only).
         */
        @WithDefault("service")
        String tlsTermination();

        /** {@code ingress}: the header with the URL-encoded PEM certificate (NGINX ingress: {@code ssl-client-cert}). */
        @WithDefault("ssl-client-cert")
        String certificateHeader();

        /** {@code ingress}: addresses or CIDR ranges of the ingress; required in that mode. */
        Optional<List<String>> trustedProxies();

        /** The listener's public base URL as browsers reach it (e.g. {@code https://cps.auth.example.org}). */
        Optional<URI> publicUrl();

        /** Interface the listener binds. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port the listener binds. */
        @WithDefault("8443")
        int port();

        /** {@code service}: the listener's own certificate chain (PEM). */
        Optional<Path> certificateFile();

        /** {@code service}: the listener's private key (PEM, PKCS#8). Mount it from a secret. */
        Optional<Path> keyFile();

        /** PEM files of the CA certificates whose cards are accepted (IGC-Santé in production). */
        Optional<List<Path>> trustedCaFiles();

        /** CRL files (DER or PEM) of those CAs; re-read when a file changes. */
        Optional<List<Path>> crlFiles();

        /** Check revocation against {@code crl-files}; a certificate whose status is unknown is refused. */
        @WithDefault("true")
        boolean checkRevocation();
    }

    interface Federation {
        /** Offer the upstream provider on the sign-in page. */
        @WithDefault("false")
        boolean enabled();

        /** Name shown on the sign-in button. */
        @WithDefault("Pro Santé Connect")
        String displayName();

        /** The upstream's discovery document (Pro Santé Connect's is not at the standard path). */
        Optional<URI> discoveryUrl();

        /** identity-service's client id at the upstream. */
        Optional<String> clientId();

        /** identity-service's client secret at the upstream. Supply it from a secret. */
        Optional<String> clientSecret();

        /** {@code client_secret_basic} or {@code client_secret_post}. */
        @WithDefault("client_secret_basic")
        String clientAuthMethod();

        /** Scopes requested from the upstream. */
        @WithDefault("openid scope_all")
        String scope();

        /** {@code acr_values} requested; the ID token's {@code acr} must be one of them. */
        @WithDefault("eidas1")
        List<String> acrValues();

        /** Tolerated clock difference with the upstream for {@code exp} and {@code iat}. */
        @WithDefault("PT1M")
        Duration clockSkew();

        /** Connect and read timeout of each call to the upstream. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}

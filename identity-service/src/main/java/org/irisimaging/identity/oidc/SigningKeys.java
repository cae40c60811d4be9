package org.irisimaging.identity.oidc;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;

/**
 * The token signing keys, read from a JWK set file (a Kubernetes secret in production). The first
 * private RSA key signs; every key is published in the JWKS so a rotated-out key keeps validating
 * the tokens it signed until they expire.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final JsonWebKeySet keySet;
    private final RsaJsonWebKey active;

    @jakarta.inject.Inject
    SigningKeys(IdentityConfig config) {
        this(config.signing().keyFile(), config.signing().generateIfMissing());
    }

    SigningKeys(Path file, boolean generateIfMissing) {
        try {
            if (Files.notExists(file)) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("Signing key file " + file
                            + " does not exist; provide one (iris.identity.signing.key-file)");
                }
                generate(file);
            }
            keySet = new JsonWebKeySet(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read signing key file " + file, e);
        } catch (JoseException e) {
            throw new IllegalStateException("Signing key file " + file + " is not a valid JWK set", e);
        }
        active = keySet.getJsonWebKeys().stream()
                .filter(k -> k instanceof RsaJsonWebKey rsa && rsa.getPrivateKey() != null)
                .map(RsaJsonWebKey.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No private RSA key in " + file));
        LOG.infof("Signing tokens with key %s", active.getKeyId());
    }

    public PrivateKey signingKey() {
        return active.getPrivateKey();
    }

    public String signingKeyId() {
        return active.getKeyId();
    }

    /** Every key of the set, to verify tokens this service signed (e.g. an id_token_hint). */
    public java.util.List<JsonWebKey> verificationKeys() {
        return keySet.getJsonWebKeys();
    }

    /** The public JWK set served at the JWKS endpoint. */
    public String publicJwks() {
        return keySet.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static void generate(Path file) throws IOException {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
            key.setUse("sig");
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            String json = new JsonWebKeySet(key).toJson(PublicJsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "keys", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, json);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("Generated a new signing key in %s", file);
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }
}

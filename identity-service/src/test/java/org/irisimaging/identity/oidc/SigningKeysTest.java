package org.irisimaging.identity.oidc;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key rotation: the first private key signs, every key stays published until it is removed. */
class SigningKeysTest {

    @Test
    void theNewKeySignsAndTheOldOneStillValidatesWhatItSigned(@TempDir Path dir) throws Exception {
        RsaJsonWebKey old = key("old");
        Path file = dir.resolve("keys.json");
        Files.writeString(file, new JsonWebKeySet(old).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        SigningKeys before = new SigningKeys(file, false);
        assertThat(before.signingKeyId()).isEqualTo("old");
        String signedByOld = sign(old);

        // Rotation: the new key goes first in the file.
        RsaJsonWebKey fresh = key("new");
        Files.writeString(file, new JsonWebKeySet(fresh, old).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        SigningKeys after = new SigningKeys(file, false);
        assertThat(after.signingKeyId()).isEqualTo("new");

        JsonWebKeySet published = new JsonWebKeySet(after.publicJwks());
        assertThat(published.getJsonWebKeys()).extracting(JsonWebKey::getKeyId).containsExactly("new", "old");
        assertThat(after.publicJwks()).doesNotContain("\"d\"").doesNotContain("\"p\"");
        var consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(published.getJsonWebKeys()))
                .setSkipDefaultAudienceValidation()
                .build();
        assertThat(consumer.processToClaims(signedByOld).getSubject()).isEqualTo("someone");
    }

    @Test
    void withoutAFileAndWithoutGenerationTheServiceDoesNotStart(@TempDir Path dir) {
        assertThatThrownBy(() -> new SigningKeys(dir.resolve("missing.json"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("iris.identity.signing.key-file");
        assertThat(new SigningKeys(dir.resolve("generated.json"), true).signingKeyId()).isNotBlank();
    }

    private static RsaJsonWebKey key(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        key.setUse("sig");
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return key;
    }

    private static String sign(RsaJsonWebKey key) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("someone");
        claims.setExpirationTimeMinutesInTheFuture(5);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}

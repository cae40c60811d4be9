package org.irisimaging.identity.credential;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.irisimaging.identity.IdentityConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashing (Bouncy Castle's implementation of RFC 9106), stored in the PHC string
 * format so that the parameters travel with each hash and can be raised later. Verification
 * compares in constant time; {@link #verifyNothing} spends the same work for an unknown account,
 * so that the answer's timing does not tell which accounts exist.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final String dummy;

    @Inject
    public PasswordHasher(IdentityConfig config) {
        this(config.password().argon2MemoryKib(), config.password().argon2Iterations(),
                config.password().argon2Parallelism());
    }

    PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.dummy = hash("not a password of anyone " + random.nextLong());
    }

    /** A new salted Argon2id hash of {@code password}. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; false for a null or malformed hash. */
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null) {
            verifyNothing(password);
            return false;
        }
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            verifyNothing(password);
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** The same work as a verification, for an account that does not exist or has no password. */
    public void verifyNothing(String password) {
        Matcher m = PHC.matcher(dummy);
        if (m.matches()) {
            derive(password == null ? "" : password, Base64.getDecoder().decode(m.group(4)), memoryKib, iterations,
                    parallelism, HASH_BYTES);
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
                                 int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}

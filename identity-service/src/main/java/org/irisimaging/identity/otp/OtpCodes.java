package org.irisimaging.identity.otp;

import org.irisimaging.identity.credential.Secrets;

/**
 * One-time codes: six digits from {@link java.security.SecureRandom}, stored only as a digest
 * salted with the session they belong to, compared in constant time.
 */
public final class OtpCodes {

    private OtpCodes() {
    }

    public static String generate() {
        return String.format("%06d", Secrets.random().nextInt(1_000_000));
    }

    public static String digest(String salt, String code) {
        return Secrets.digest(salt + ":" + code);
    }

    public static boolean matches(String salt, String storedDigest, String code) {
        if (code == null || !code.matches("\\d{6}")) {
            return false;
        }
        return Secrets.equal(storedDigest, digest(salt, code));
    }
}

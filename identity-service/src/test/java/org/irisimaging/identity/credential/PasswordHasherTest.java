package org.irisimaging.identity.credential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4096, 2, 1);

    @Test
    void hashesAreArgon2idPhcStringsWithTheirOwnSalt() {
        String a = hasher.hash("Correct-Horse-42");
        String b = hasher.hash("Correct-Horse-42");
        assertThat(a).startsWith("$argon2id$v=19$m=4096,t=2,p=1$").doesNotContain("Correct-Horse-42");
        assertThat(a).isNotEqualTo(b);
        assertThat(hasher.verify("Correct-Horse-42", a)).isTrue();
        assertThat(hasher.verify("Correct-Horse-42", b)).isTrue();
    }

    @Test
    void aWrongPasswordOrAMissingOrMangledHashDoesNotVerify() {
        String hash = hasher.hash("Correct-Horse-42");
        assertThat(hasher.verify("correct-horse-42", hash)).isFalse();
        assertThat(hasher.verify("Correct-Horse-42", null)).isFalse();
        assertThat(hasher.verify(null, hash)).isFalse();
        assertThat(hasher.verify("Correct-Horse-42", hash.replace("$v=19$", "$v=16$"))).isFalse();
        assertThat(hasher.verify("Correct-Horse-42", "$2a$10$bcrypt.is.not.accepted")).isFalse();
    }

    @Test
    void hashesMadeWithOtherParametersStillVerify() {
        String old = new PasswordHasher(1024, 1, 1).hash("Correct-Horse-42");
        assertThat(hasher.verify("Correct-Horse-42", old)).isTrue();
    }
}

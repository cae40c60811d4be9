package org.irisimaging.identity.otp;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OtpCodesTest {

    @Test
    void codesAreSixDigitsAndVary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = OtpCodes.generate();
            assertThat(code).matches("\\d{6}");
            seen.add(code);
        }
        assertThat(seen).hasSizeGreaterThan(190);
    }

    @Test
    void onlyTheDigestIsKeptAndItIsBoundToItsSession() {
        String digest = OtpCodes.digest("session-a", "123456");
        assertThat(digest).doesNotContain("123456");
        assertThat(OtpCodes.matches("session-a", digest, "123456")).isTrue();
        assertThat(OtpCodes.matches("session-b", digest, "123456")).isFalse();
        assertThat(OtpCodes.matches("session-a", digest, "123457")).isFalse();
        assertThat(OtpCodes.matches("session-a", digest, " 123456")).isFalse();
        assertThat(OtpCodes.matches("session-a", digest, null)).isFalse();
    }

    @Test
    void destinationsAreMasked() {
        assertThat(Masking.email("claire.martin@example.org")).isEqualTo("c***@example.org");
        assertThat(Masking.phone("+33612345678")).isEqualTo("+33*******78");
    }
}

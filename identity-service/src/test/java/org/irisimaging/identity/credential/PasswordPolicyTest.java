package org.irisimaging.identity.credential;

import org.irisimaging.identity.IdentityConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.EQUALS_IDENTIFIER;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.NO_DIGIT;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.NO_LOWER_CASE;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.NO_SYMBOL;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.NO_UPPER_CASE;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.TOO_LONG;
import static org.irisimaging.identity.credential.PasswordPolicy.Violation.TOO_SHORT;

class PasswordPolicyTest {

    private final PasswordPolicy defaults = new PasswordPolicy(settings(12, false));

    @Test
    void theDefaultAcceptsALongMixedPassword() {
        assertThat(defaults.check("Correct-Horse-42", "810000000011")).isEmpty();
        assertThat(defaults.check("abcdefGHIJK1")).isEmpty();
    }

    @Test
    void whatTheSeedPortalsAcceptedIsTooShortHere() {
        // 6 characters with a digit, a lower- and an upper-case letter: enough for the old portals.
        assertThat(defaults.check("Abcde1")).containsExactly(TOO_SHORT);
        assertThat(defaults.check("Abcdefghij1")).containsExactly(TOO_SHORT);
    }

    @Test
    void eachCharacterClassIsRequired() {
        assertThat(defaults.check("abcdefghijkl")).containsExactly(NO_DIGIT, NO_UPPER_CASE);
        assertThat(defaults.check("ABCDEFGHIJK1")).containsExactly(NO_LOWER_CASE);
        assertThat(defaults.check("123456789012")).containsExactly(NO_LOWER_CASE, NO_UPPER_CASE);
    }

    @Test
    void thePasswordMayNotBeTheIdentifier() {
        assertThat(defaults.check("Claire.Martin1", "claire.martin1")).containsExactly(EQUALS_IDENTIFIER);
        assertThat(defaults.check("Claire.Martin1", null, "CLAIRE.MARTIN1")).containsExactly(EQUALS_IDENTIFIER);
    }

    @Test
    void limitsAndSymbolsAreConfigurable() {
        PasswordPolicy strict = new PasswordPolicy(settings(16, true));
        assertThat(strict.check("Abcdefghijklmn12")).containsExactly(NO_SYMBOL);
        assertThat(strict.check("Abcdefghijklm-12")).isEmpty();
        assertThat(defaults.check("Aa1" + "x".repeat(300))).containsExactly(TOO_LONG);
        assertThat(defaults.check(null)).containsExactly(TOO_SHORT);
    }

    static IdentityConfig.Password settings(int minLength, boolean symbol) {
        return new IdentityConfig.Password() {
            public int minLength() { return minLength; }
            public int maxLength() { return 256; }
            public boolean requireDigit() { return true; }
            public boolean requireLowerCase() { return true; }
            public boolean requireUpperCase() { return true; }
            public boolean requireSymbol() { return symbol; }
            public int argon2MemoryKib() { return 1024; }
            public int argon2Iterations() { return 1; }
            public int argon2Parallelism() { return 1; }
        };
    }
}

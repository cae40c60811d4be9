package org.irisimaging.identity.credential;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.irisimaging.identity.IdentityConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The configurable password policy ({@code iris.identity.password.*}). The default is stricter than
 * the portals it replaces (6 characters, a digit, a lower- and an upper-case letter): at least 12
 * characters with a digit, a lower- and an upper-case letter, and not the sign-in identifier.
 */
@ApplicationScoped
public class PasswordPolicy {

    /** A rule the password breaks, as a stable code for clients. */
    public enum Violation {
        TOO_SHORT, TOO_LONG, NO_DIGIT, NO_LOWER_CASE, NO_UPPER_CASE, NO_SYMBOL, EQUALS_IDENTIFIER
    }

    private final IdentityConfig.Password settings;

    @Inject
    public PasswordPolicy(IdentityConfig config) {
        this.settings = config.password();
    }

    PasswordPolicy(IdentityConfig.Password settings) {
        this.settings = settings;
    }

    /**
     * The rules as a registration or password-change page shows them. A password may never be
     * the account's sign-in identifier either (always checked, not configurable).
     */
    public record Rules(int minLength, int maxLength, boolean requireDigit, boolean requireLowerCase,
                        boolean requireUpperCase, boolean requireSymbol, boolean notIdentifier) {
    }

    public Rules rules() {
        return new Rules(settings.minLength(), settings.maxLength(), settings.requireDigit(),
                settings.requireLowerCase(), settings.requireUpperCase(), settings.requireSymbol(), true);
    }

    /** The rules {@code password} breaks; empty when it is acceptable for an account known by {@code identifiers}. */
    public List<Violation> check(String password, String... identifiers) {
        List<Violation> violations = new ArrayList<>();
        if (password == null) {
            return List.of(Violation.TOO_SHORT);
        }
        int length = password.codePointCount(0, password.length());
        if (length < settings.minLength()) {
            violations.add(Violation.TOO_SHORT);
        }
        if (length > settings.maxLength()) {
            violations.add(Violation.TOO_LONG);
        }
        if (settings.requireDigit() && password.codePoints().noneMatch(Character::isDigit)) {
            violations.add(Violation.NO_DIGIT);
        }
        if (settings.requireLowerCase() && password.codePoints().noneMatch(Character::isLowerCase)) {
            violations.add(Violation.NO_LOWER_CASE);
        }
        if (settings.requireUpperCase() && password.codePoints().noneMatch(Character::isUpperCase)) {
            violations.add(Violation.NO_UPPER_CASE);
        }
        if (settings.requireSymbol() && password.codePoints().allMatch(Character::isLetterOrDigit)) {
            violations.add(Violation.NO_SYMBOL);
        }
        String folded = password.toLowerCase(Locale.ROOT);
        for (String identifier : identifiers) {
            if (identifier != null && folded.equals(identifier.toLowerCase(Locale.ROOT))) {
                violations.add(Violation.EQUALS_IDENTIFIER);
                break;
            }
        }
        return violations;
    }
}

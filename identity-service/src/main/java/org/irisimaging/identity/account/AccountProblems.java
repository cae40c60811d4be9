package org.irisimaging.identity.account;

import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.identity.credential.PasswordPolicy;

import java.util.List;
import java.util.stream.Collectors;

/** The account API's domain failures, as RFC 9457 problems with stable types. */
final class AccountProblems {

    private AccountProblems() {
    }

    static ProblemException alreadyRegistered() {
        return new ProblemException(409, "account-exists", "Account exists",
                "An account with this identifier already exists");
    }

    static ProblemException charterVersion(String expected) {
        return new ProblemException(400, "charter-not-accepted", "Charter not accepted",
                "The charter in force is version " + expected + "; accept that version to register");
    }

    static ProblemException weakPassword(List<PasswordPolicy.Violation> violations) {
        return new ProblemException(400, "password-policy", "Password refused by the policy",
                "Password breaks: " + violations.stream().map(Enum::name).collect(Collectors.joining(", ")));
    }

    static ProblemException transition(Account.Status from, String action) {
        return new ProblemException(409, "invalid-status-transition", "Invalid status transition",
                "Cannot " + action + " an account that is " + from);
    }

    static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Not possible now", detail);
    }

    static ProblemException wrongPassword() {
        return new ProblemException(403, "wrong-password", "Wrong password", "The current password is wrong");
    }
}

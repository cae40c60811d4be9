package org.irisimaging.identity.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.credential.Lockout;
import org.irisimaging.identity.credential.PasswordHasher;
import org.irisimaging.identity.credential.PasswordPolicy;
import org.irisimaging.identity.otp.OtpSender;
import org.irisimaging.identity.otp.OtpSenders;
import org.irisimaging.identity.session.Sessions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Registration, self-service (contact details, password, one-time code channel) and the
 * administrators' decisions (approve, suspend, reinstate, revoke) on accounts.
 */
@ApplicationScoped
public class AccountService {

    private final IdentityConfig config;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Lockout lockout;
    private final OtpSenders senders;
    private final Sessions sessions;

    AccountService(IdentityConfig config, PasswordPolicy policy, PasswordHasher hasher, Lockout lockout,
                   OtpSenders senders, Sessions sessions) {
        this.config = config;
        this.policy = policy;
        this.hasher = hasher;
        this.lockout = lockout;
        this.senders = senders;
        this.sessions = sessions;
    }

    /** Registers a practitioner (status PENDING_APPROVAL, role practitioner, sign-in name = idNat_PS). */
    @Transactional
    public Account register(AccountRequests.Registration r) {
        if (!config.charter().version().equals(r.charterVersion())) {
            throw AccountProblems.charterVersion(config.charter().version());
        }
        if (r.password() != null) {
            var violations = policy.check(r.password(), r.idNatPs(), r.email());
            if (!violations.isEmpty()) {
                throw AccountProblems.weakPassword(violations);
            }
        }
        if (Account.count("idNatPs = ?1 or username = ?1", r.idNatPs()) > 0) {
            throw AccountProblems.alreadyRegistered();
        }
        Instant now = Instant.now();
        Account a = new Account();
        a.id = UUID.randomUUID();
        a.username = r.idNatPs();
        a.idNatPs = r.idNatPs();
        a.givenName = r.givenName().strip();
        a.familyName = r.familyName().strip();
        a.profession = r.profession();
        a.email = r.email().strip();
        a.phone = r.phone();
        a.roles = new String[] {"practitioner"};
        a.establishments = r.establishments().stream().distinct().toArray(String[]::new);
        a.status = Account.Status.PENDING_APPROVAL;
        a.charterVersion = r.charterVersion();
        a.charterAcceptedAt = now;
        a.createdAt = now;
        a.passwordHash = r.password() == null ? null : hasher.hash(r.password());
        a.persist();
        return a;
    }

    @Transactional
    public Account updateContact(UUID accountId, AccountRequests.Contact contact) {
        Account a = Account.findForUpdate(accountId).orElseThrow(() -> ProblemException.notFound("No such account"));
        if (contact.phone() == null && a.otpChannel == Account.OtpChannel.SMS) {
            throw AccountProblems.conflict("otp-channel-in-use",
                    "One-time codes go to this phone; choose another channel before removing it");
        }
        a.email = contact.email().strip();
        a.phone = contact.phone();
        return a;
    }

    /**
     * Chooses the channel of the one-time codes (or switches password + code sign-in off). Allowed
     * only after a CPS sign-in and with a password set.
     */
    @Transactional
    public Account setOtpChannel(UUID accountId, Account.OtpChannel channel) {
        Account a = Account.findForUpdate(accountId).orElseThrow(() -> ProblemException.notFound("No such account"));
        if (channel != null) {
            if (a.cpsFirstSignInAt == null) {
                throw AccountProblems.conflict("cps-sign-in-required",
                        "Password + one-time code sign-in needs a first sign-in with a CPS card");
            }
            if (a.passwordHash == null) {
                throw AccountProblems.conflict("password-required", "Set a password first");
            }
            OtpSender sender = senders.of(channel);
            if (!sender.available()) {
                throw AccountProblems.conflict("otp-channel-unavailable", channel + " codes are not available on this platform");
            }
            if (!sender.canReach(a)) {
                throw AccountProblems.conflict("otp-destination-missing",
                        "Set the " + (channel == Account.OtpChannel.SMS ? "mobile phone number" : "e-mail address") + " first");
            }
        }
        a.otpChannel = channel;
        return a;
    }

    /** Sets the password; the current one must be given (and right) when there is one. */
    @Transactional(dontRollbackOn = CountedFailure.class)
    public Account changePassword(UUID accountId, AccountRequests.PasswordChange change) {
        Account a = Account.findForUpdate(accountId).orElseThrow(() -> ProblemException.notFound("No such account"));
        Instant now = Instant.now();
        if (a.passwordHash != null) {
            if (lockout.isLocked(a, now)) {
                hasher.verifyNothing(change.currentPassword());
                throw AccountProblems.wrongPassword();
            }
            if (!hasher.verify(change.currentPassword(), a.passwordHash)) {
                lockout.recordFailure(a, now);
                // The failure must be counted even though the request fails.
                throw new CountedFailure();
            }
        }
        var violations = policy.check(change.newPassword(), a.username, a.idNatPs, a.email);
        if (!violations.isEmpty()) {
            throw AccountProblems.weakPassword(violations);
        }
        a.passwordHash = hasher.hash(change.newPassword());
        return a;
    }

    /** Thrown after a wrong current password; does not roll back (see {@link Transactional#dontRollbackOn}). */
    public static class CountedFailure extends ProblemException {
        CountedFailure() {
            super(403, "wrong-password", "Wrong password", "The current password is wrong");
        }
    }

    /** An administrator's decision on an account. */
    public enum Decision {
        APPROVE, SUSPEND, REINSTATE, REVOKE
    }

    @Transactional
    public Account decide(Account target, Decision decision, UUID adminId) {
        Account a = Account.findForUpdate(target.id).orElseThrow();
        Account.Status next = switch (decision) {
            case APPROVE -> require(a, Account.Status.PENDING_APPROVAL, "approve", Account.Status.ACTIVE);
            case SUSPEND -> require(a, Account.Status.ACTIVE, "suspend", Account.Status.SUSPENDED);
            case REINSTATE -> require(a, Account.Status.SUSPENDED, "reinstate", Account.Status.ACTIVE);
            case REVOKE -> {
                if (a.status == Account.Status.REVOKED) {
                    throw AccountProblems.transition(a.status, "revoke");
                }
                yield Account.Status.REVOKED;
            }
        };
        Instant now = Instant.now();
        a.status = next;
        a.statusChangedAt = now;
        a.statusChangedBy = adminId;
        if (next != Account.Status.ACTIVE) {
            sessions.endAllOf(a.id, now, decision.name().toLowerCase());
        }
        return a;
    }

    private static Account.Status require(Account a, Account.Status from, String action, Account.Status to) {
        if (a.status != from) {
            throw AccountProblems.transition(a.status, action);
        }
        return to;
    }

    public List<Account> list(Account.Status status) {
        return status == null ? Account.list("order by createdAt") : Account.list("status = ?1 order by createdAt", status);
    }
}

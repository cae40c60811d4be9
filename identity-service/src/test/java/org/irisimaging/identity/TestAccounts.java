package org.irisimaging.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.PasswordHasher;

import java.time.Instant;
import java.util.UUID;

/** Creates accounts for a test, each with its own name so that tests do not share lockout state. */
@ApplicationScoped
public class TestAccounts {

    public static final String PASSWORD = "Correct-Horse-42";

    private final PasswordHasher hasher;

    TestAccounts(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    /** An active practitioner of establishment 750000001 with a CPS sign-in, a password and e-mail codes. */
    @Transactional
    public Account practitioner(String prefix) {
        return create(prefix, Account.Status.ACTIVE, Account.OtpChannel.EMAIL, true, "750000001");
    }

    @Transactional
    public Account create(String prefix, Account.Status status, Account.OtpChannel channel, boolean cpsSignedIn,
                          String establishment) {
        Account a = new Account();
        a.id = UUID.randomUUID();
        a.username = prefix + "-" + a.id.toString().substring(0, 8);
        a.givenName = "Test";
        a.familyName = "Practitioner";
        a.email = a.username + "@test.iris.invalid";
        a.phone = "+33612345678";
        a.roles = new String[] {"practitioner"};
        a.establishments = new String[] {establishment};
        a.status = status;
        a.createdAt = Instant.now();
        a.passwordHash = hasher.hash(PASSWORD);
        a.otpChannel = channel;
        a.cpsFirstSignInAt = cpsSignedIn ? Instant.now() : null;
        a.persist();
        return a;
    }

    /**
     * A practitioner with an idNat_PS ("8" + a random RPPS number), a password and e-mail codes;
     * {@code cpsSignedIn}: whether a CPS sign-in is already on record.
     */
    @Transactional
    public Account withIdNatPs(String prefix, Account.Status status, boolean cpsSignedIn) {
        Account a = create(prefix, status, Account.OtpChannel.EMAIL, cpsSignedIn, "750000001");
        a.idNatPs = randomIdNatPs();
        return a;
    }

    /** An idNat_PS nobody has ("8" + 11 random digits). */
    public static String randomIdNatPs() {
        return "8" + String.format("%011d", java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000_000L));
    }

    @Transactional
    public Account reload(UUID id) {
        return Account.findById(id);
    }

    /** Lets a test move time: sets the account's lock end. */
    @Transactional
    public void setLockedUntil(UUID id, Instant until) {
        Account a = Account.findById(id);
        a.lockedUntil = until;
    }
}

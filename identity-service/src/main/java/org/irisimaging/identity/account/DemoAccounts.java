package org.irisimaging.identity.account;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.credential.PasswordHasher;

import java.time.Instant;
import java.util.UUID;

/**
 * The demo accounts of the embedded platform (dev profile only): a prescriber, a site admin and a
 * platform admin. Fixed ids so that demo data and docs can refer to them. With
 * {@code iris.identity.dev.demo-password} they can sign in with password + e-mail code: the seed
 * records a CPS sign-in for them (the CPS sign-in itself is not built yet).
 */
@ApplicationScoped
public class DemoAccounts {

    public static final String ESTABLISHMENT = "750000001";

    @Transactional
    void seed(@Observes StartupEvent startup, IdentityConfig config, PasswordHasher hasher) {
        if (!config.dev().demoAccounts()) {
            return;
        }
        String hash = config.dev().demoPassword().map(hasher::hash).orElse(null);
        create("00000000-0000-4000-8000-000000000001", "prescriber", "810000000011", "Claire", "Martin",
                new String[] {"practitioner"}, hash);
        create("00000000-0000-4000-8000-000000000002", "site-admin", "810000000029", "Paul", "Durand",
                new String[] {"practitioner", "site-admin"}, hash);
        create("00000000-0000-4000-8000-000000000003", "platform-admin", null, "Alice", "Admin",
                new String[] {"platform-admin"}, hash);
    }

    private static void create(String id, String username, String idNatPs, String given, String family, String[] roles,
                               String passwordHash) {
        Account account = Account.findByUsername(username).orElse(null);
        if (account == null) {
            account = new Account();
            account.id = UUID.fromString(id);
            account.username = username;
            account.idNatPs = idNatPs;
            account.givenName = given;
            account.familyName = family;
            account.email = username + "@demo.iris.invalid";
            account.roles = roles;
            account.establishments = new String[] {ESTABLISHMENT};
            account.status = Account.Status.ACTIVE;
            account.createdAt = Instant.now();
            account.persist();
        }
        if (passwordHash != null && account.passwordHash == null) {
            account.passwordHash = passwordHash;
            account.cpsFirstSignInAt = Instant.now();
            account.otpChannel = Account.OtpChannel.EMAIL;
        }
    }
}

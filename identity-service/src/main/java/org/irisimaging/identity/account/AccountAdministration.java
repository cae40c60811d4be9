package org.irisimaging.identity.account;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Which accounts an administrator manages: a platform-admin, all of them; a site-admin, those of
 * their own establishments, except platform administrators and themselves. An account outside
 * the caller's reach is answered 404, like one that does not exist.
 */
@ApplicationScoped
public class AccountAdministration {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String SITE_ADMIN = "site-admin";

    /** The caller's own account, when the token is a person's (a service token has none). */
    public static Optional<Account> callerAccount(JsonWebToken token) {
        if (token == null || token.getSubject() == null) {
            return Optional.empty();
        }
        try {
            return Account.findByIdOptional(UUID.fromString(token.getSubject()));
        } catch (IllegalArgumentException serviceClient) {
            return Optional.empty();
        }
    }

    public boolean manages(SecurityIdentity caller, Optional<Account> callerAccount, Account target) {
        if (caller.hasRole(PLATFORM_ADMIN)) {
            return true;
        }
        if (!caller.hasRole(SITE_ADMIN) || callerAccount.isEmpty()) {
            return false;
        }
        Account admin = callerAccount.get();
        if (admin.id.equals(target.id) || target.hasRole(PLATFORM_ADMIN)) {
            return false;
        }
        return Arrays.stream(target.establishments).anyMatch(e -> Arrays.asList(admin.establishments).contains(e));
    }
}

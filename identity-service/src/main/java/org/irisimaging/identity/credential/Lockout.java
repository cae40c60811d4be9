package org.irisimaging.identity.credential;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;

import java.time.Duration;
import java.time.Instant;

/**
 * Lockout with backoff: after {@code max-failures} failed password or one-time-code attempts in a
 * row the account is locked, first for {@code initial-duration}, then twice as long at each new
 * lock, up to {@code max-duration}. A successful sign-in clears the counters. A locked account
 * answers exactly like a wrong password.
 */
@ApplicationScoped
public class Lockout {

    private final IdentityConfig.Lockout settings;

    @Inject
    public Lockout(IdentityConfig config) {
        this.settings = config.lockout();
    }

    Lockout(IdentityConfig.Lockout settings) {
        this.settings = settings;
    }

    public boolean isLocked(Account account, Instant now) {
        return account.lockedUntil != null && now.isBefore(account.lockedUntil);
    }

    /** Counts a failure; returns true when this failure locked the account. */
    public boolean recordFailure(Account account, Instant now) {
        account.failedAttempts++;
        if (account.failedAttempts < settings.maxFailures()) {
            return false;
        }
        account.lockedUntil = now.plus(duration(account.lockouts));
        account.lockouts++;
        account.failedAttempts = 0;
        return true;
    }

    public void recordSuccess(Account account) {
        account.failedAttempts = 0;
        account.lockouts = 0;
        account.lockedUntil = null;
    }

    /** How long the lock number {@code previousLocks + 1} lasts. */
    public Duration duration(int previousLocks) {
        Duration max = settings.maxDuration();
        Duration d = settings.initialDuration();
        for (int i = 0; i < previousLocks; i++) {
            d = d.multipliedBy(2);
            if (d.compareTo(max) >= 0) {
                return max;
            }
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}

package org.irisimaging.identity.credential;

import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LockoutTest {

    private final Lockout lockout = new Lockout(new IdentityConfig.Lockout() {
        public int maxFailures() { return 5; }
        public Duration initialDuration() { return Duration.ofMinutes(1); }
        public Duration maxDuration() { return Duration.ofHours(1); }
    });

    @Test
    void theFifthFailureLocksForAMinute() {
        Account a = new Account();
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        for (int i = 0; i < 4; i++) {
            assertThat(lockout.recordFailure(a, now)).isFalse();
            assertThat(lockout.isLocked(a, now)).isFalse();
        }
        assertThat(lockout.recordFailure(a, now)).isTrue();
        assertThat(lockout.isLocked(a, now)).isTrue();
        assertThat(lockout.isLocked(a, now.plusSeconds(59))).isTrue();
        assertThat(lockout.isLocked(a, now.plusSeconds(60))).isFalse();
    }

    @Test
    void eachLockLastsTwiceAsLongUpToAnHour() {
        assertThat(lockout.duration(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(lockout.duration(1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(lockout.duration(2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(lockout.duration(5)).isEqualTo(Duration.ofMinutes(32));
        assertThat(lockout.duration(6)).isEqualTo(Duration.ofHours(1));
        assertThat(lockout.duration(100)).isEqualTo(Duration.ofHours(1));

        Account a = new Account();
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        for (int lock = 0; lock < 3; lock++) {
            for (int i = 0; i < 5; i++) {
                lockout.recordFailure(a, now);
            }
            assertThat(Duration.between(now, a.lockedUntil)).isEqualTo(Duration.ofMinutes(1L << lock));
            now = a.lockedUntil;
        }
    }

    @Test
    void successClearsTheCountersAndTheBackoff() {
        Account a = new Account();
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            lockout.recordFailure(a, now);
        }
        lockout.recordSuccess(a);
        assertThat(lockout.isLocked(a, now)).isFalse();
        assertThat(a.failedAttempts).isZero();
        assertThat(a.lockouts).isZero();
    }
}

package org.irisimaging.identity.purge;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Secrets;
import org.irisimaging.identity.oidc.IssuedCode;
import org.irisimaging.identity.oidc.IssuedRefreshToken;
import org.irisimaging.identity.oidc.RefreshTokenFamily;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge deletes sessions, authorization codes and refresh tokens older than their limits
 * (retention 1 day after the end, the idle timeout, the absolute lifetime or the revocation),
 * clears expired one-time codes, and keeps everything still live or within its retention.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class PurgeTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Inject
    TestAccounts accounts;

    @Inject
    Purge purge;

    @Inject
    PurgeSchedule schedule;

    @Test
    void rowsPastTheirLimitsGoAndLiveOnesStay() {
        Account account = accounts.practitioner("purge");
        Instant now = Instant.now();

        // Sessions.
        UUID live = session(account, now.minus(Duration.ofHours(1)), now.minus(MINUTE), null);
        UUID endedRecently = session(account, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)),
                now.minus(Duration.ofHours(1)));
        UUID endedLongAgo = session(account, now.minus(DAY).minus(Duration.ofHours(3)),
                now.minus(DAY).minus(Duration.ofHours(2)), now.minus(DAY).minus(Duration.ofHours(2)));
        UUID idleRecently = session(account, now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(20)), null);
        UUID idleLongAgo = session(account, now.minus(DAY).minus(Duration.ofHours(1)),
                now.minus(DAY).minus(Duration.ofMinutes(16)), null);
        // Active all along, but signed in longer ago than the absolute lifetime (12 h) + retention.
        UUID tooOld = session(account, now.minus(DAY).minus(Duration.ofHours(13)), now.minus(MINUTE), null);
        // Past the absolute lifetime, within the retention.
        UUID oldWithinRetention = session(account, now.minus(Duration.ofHours(13)), now.minus(MINUTE), null);

        // Authorization codes in the live session.
        String codeNeverUsedLongAgo = code(live, account, now.minus(DAY).minus(MINUTE), null);
        String codeNeverUsedRecently = code(live, account, now.minus(MINUTE), null);
        // Refresh token families in the live session, with the code each came from.
        UUID liveFamily = family(live, account, now.minus(Duration.ofHours(1)), null);
        String liveFamilyCode = code(live, account, now.minus(DAY).minus(MINUTE), liveFamily);
        String liveRotated = token(liveFamily, now.minus(Duration.ofMinutes(30)), now.minus(Duration.ofMinutes(10)));
        String liveCurrent = token(liveFamily, now.minus(Duration.ofMinutes(10)), null);
        UUID revokedLongAgo = family(live, account, now.minus(DAY).minus(Duration.ofHours(2)),
                now.minus(DAY).minus(MINUTE));
        String revokedLongAgoCode = code(live, account, now.minus(DAY).minus(Duration.ofHours(2)), revokedLongAgo);
        String revokedLongAgoToken = token(revokedLongAgo, now.minus(DAY).minus(Duration.ofHours(2)), null);
        UUID revokedRecently = family(live, account, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        String revokedRecentlyToken = token(revokedRecently, now.minus(Duration.ofHours(2)), null);
        // A family and a code in the session ended long ago go with it.
        UUID endedSessionFamily = family(endedLongAgo, account, now.minus(DAY).minus(Duration.ofHours(3)), null);
        String endedSessionToken = token(endedSessionFamily, now.minus(DAY).minus(Duration.ofHours(3)), null);
        String endedSessionCode = code(endedLongAgo, account, now.minus(DAY).minus(Duration.ofHours(3)),
                endedSessionFamily);

        // One-time codes waiting in sessions.
        UUID otpExpired = session(account, now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(6)), null);
        UUID otpValid = session(account, now.minus(Duration.ofMinutes(2)), now.minus(MINUTE), null);
        pendingCode(otpExpired, now.minus(Duration.ofSeconds(1)));
        pendingCode(otpValid, now.plus(Duration.ofMinutes(4)));

        purge.run(now);

        // The schedule purges too (every 2 s in the test profile) and may have taken some rows first.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sessionExists(endedLongAgo)).isFalse();
            assertThat(sessionExists(idleLongAgo)).isFalse();
            assertThat(sessionExists(tooOld)).isFalse();
            assertThat(codeExists(codeNeverUsedLongAgo)).isFalse();
            assertThat(familyExists(revokedLongAgo)).isFalse();
            assertThat(codeExists(revokedLongAgoCode)).isFalse();
            assertThat(tokenExists(revokedLongAgoToken)).isFalse();
            assertThat(familyExists(endedSessionFamily)).isFalse();
            assertThat(tokenExists(endedSessionToken)).isFalse();
            assertThat(codeExists(endedSessionCode)).isFalse();
            assertThat(otpHash(otpExpired)).isNull();
        });
        // Let the schedule run twice more: what is live or within its retention is still there.
        long runs = schedule.runs();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> schedule.runs() >= runs + 2);
        for (UUID kept : new UUID[] {live, endedRecently, idleRecently, oldWithinRetention, otpExpired, otpValid}) {
            assertThat(sessionExists(kept)).as("session %s", kept).isTrue();
        }
        assertThat(codeExists(codeNeverUsedRecently)).isTrue();
        // An exchanged code stays with its live family: replaying it must still revoke the family.
        assertThat(codeExists(liveFamilyCode)).isTrue();
        assertThat(familyExists(liveFamily)).isTrue();
        assertThat(tokenExists(liveRotated)).as("a retired token, kept for reuse detection").isTrue();
        assertThat(tokenExists(liveCurrent)).isTrue();
        assertThat(familyExists(revokedRecently)).isTrue();
        assertThat(tokenExists(revokedRecentlyToken)).isTrue();
        assertThat(otpHash(otpValid)).isNotNull();
    }

    @Test
    void theScheduleRunsOnItsOwn() {
        Account account = accounts.practitioner("purgeschedule");
        Instant now = Instant.now();
        UUID ended = session(account, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(2)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !sessionExists(ended));
    }

    private static UUID session(Account account, Instant created, Instant lastSeen, Instant ended) {
        return QuarkusTransaction.requiringNew().call(() -> {
            BrowserSession s = new BrowserSession();
            s.id = UUID.randomUUID();
            s.cookieHash = Secrets.digest(Secrets.newToken());
            s.csrfToken = Secrets.newToken();
            s.createdAt = created;
            s.lastSeenAt = lastSeen;
            s.endedAt = ended;
            s.step = BrowserSession.Step.SIGNED_IN;
            s.accountId = account.id;
            s.authenticatedAt = created;
            s.persist();
            return s.id;
        });
    }

    private static void pendingCode(UUID sessionId, Instant expires) {
        QuarkusTransaction.requiringNew().run(() -> {
            BrowserSession s = BrowserSession.findById(sessionId);
            s.step = BrowserSession.Step.OTP;
            s.accountId = null;
            s.authenticatedAt = null;
            s.candidateAccountId = null;
            s.otpHash = Secrets.digest(Secrets.newToken());
            s.otpChannel = Account.OtpChannel.EMAIL;
            s.otpExpiresAt = expires;
        });
    }

    private static String code(UUID sessionId, Account account, Instant expires, UUID family) {
        return QuarkusTransaction.requiringNew().call(() -> {
            IssuedCode c = new IssuedCode();
            c.codeHash = Secrets.digest(Secrets.newToken());
            c.clientId = "iris-viewer";
            c.redirectUri = "http://localhost:3000/callback";
            c.codeChallenge = Secrets.newToken();
            c.scope = "openid";
            c.sessionId = sessionId;
            c.accountId = account.id;
            c.expiresAt = expires;
            c.usedAt = family == null ? null : expires.minusSeconds(30);
            c.tokenFamilyId = family;
            c.persist();
            return c.codeHash;
        });
    }

    private static UUID family(UUID sessionId, Account account, Instant created, Instant revoked) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RefreshTokenFamily f = new RefreshTokenFamily();
            f.id = UUID.randomUUID();
            f.clientId = "iris-viewer";
            f.accountId = account.id;
            f.sessionId = sessionId;
            f.scope = "openid";
            f.createdAt = created;
            f.revokedAt = revoked;
            f.revokedReason = revoked == null ? null : "logout";
            f.persist();
            return f.id;
        });
    }

    private static String token(UUID family, Instant issued, Instant rotated) {
        return QuarkusTransaction.requiringNew().call(() -> {
            IssuedRefreshToken t = new IssuedRefreshToken();
            t.tokenHash = Secrets.digest(Secrets.newToken());
            t.familyId = family;
            t.issuedAt = issued;
            t.rotatedAt = rotated;
            t.persist();
            return t.tokenHash;
        });
    }

    private static boolean sessionExists(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> BrowserSession.findById(id) != null);
    }

    private static boolean codeExists(String hash) {
        return QuarkusTransaction.requiringNew().call(() -> IssuedCode.findById(hash) != null);
    }

    private static boolean familyExists(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> RefreshTokenFamily.findById(id) != null);
    }

    private static boolean tokenExists(String hash) {
        return QuarkusTransaction.requiringNew().call(() -> IssuedRefreshToken.findById(hash) != null);
    }

    private static String otpHash(UUID sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> BrowserSession.<BrowserSession>findById(sessionId).otpHash);
    }
}

package org.irisimaging.identity.signin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Brute force on passwords and one-time codes: after 5 failures the account is locked, each
 * new lock twice as long; a locked account answers like a wrong password; unknown accounts,
 * wrong passwords and accounts not allowed to use a password all get the same answer.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class LockoutFlowTest {

    @Inject
    TestAccounts accounts;

    @Test
    void passwordBruteForceLocksWithADoublingBackoff() {
        Account account = accounts.practitioner("brute");
        Browser browser = new Browser();
        Response start = startSignIn(browser);
        String csrf = Browser.csrf(start);
        String generic = null;
        for (int i = 0; i < 5; i++) {
            Response r = browser.post("/sign-in", Map.of("username", account.username,
                    "password", "Wrong-Password-" + i, "csrf", csrf));
            assertThat(r.statusCode()).isEqualTo(200);
            generic = message(r);
        }
        Account locked = accounts.reload(account.id);
        assertThat(Duration.between(Instant.now(), locked.lockedUntil).toSeconds()).isCloseTo(60, within(5L));

        // Even the right password is refused now, with the very same answer, and no code is sent.
        int mails = Browser.mailsTo(account.email);
        Response right = browser.post("/sign-in", Map.of("username", account.username,
                "password", TestAccounts.PASSWORD, "csrf", csrf));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(message(right)).isEqualTo(generic);
        assertThat(Browser.mailsTo(account.email)).isEqualTo(mails);

        // The lock ends; five more failures lock again, for twice as long.
        accounts.setLockedUntil(account.id, Instant.now().minusSeconds(1));
        for (int i = 0; i < 5; i++) {
            browser.post("/sign-in", Map.of("username", account.username, "password", "Wrong-" + i, "csrf", csrf));
        }
        locked = accounts.reload(account.id);
        assertThat(Duration.between(Instant.now(), locked.lockedUntil).toSeconds()).isCloseTo(120, within(5L));

        // After the lock, the right password and code sign in and clear the backoff.
        accounts.setLockedUntil(account.id, Instant.now().minusSeconds(1));
        Response done = new Browser().signIn(Browser.authorization(Browser.Pkce.create(), "after"),
                account.username, TestAccounts.PASSWORD, account.email);
        assertThat(Browser.param(done, "code")).isNotBlank();
        Account cleared = accounts.reload(account.id);
        assertThat(cleared.lockouts).isZero();
        assertThat(cleared.failedAttempts).isZero();
    }

    @Test
    void codeBruteForceVoidsTheCodeAndLocksTheAccount() {
        Account account = accounts.practitioner("otpbrute");
        Browser browser = new Browser();
        int mails = Browser.mailsTo(account.email);
        Response afterPassword = browser.password(Browser.authorization(Browser.Pkce.create(), "o"),
                account.username, TestAccounts.PASSWORD);
        assertThat(afterPassword.statusCode()).isEqualTo(303);
        String real = Browser.awaitCode(account.email, mails);
        String wrong = real.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 4; i++) {
            Response r = browser.code(wrong);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.asString()).contains("Code incorrect");
        }
        Response fifth = browser.code(wrong);
        // The code is void: back to the password form.
        assertThat(fifth.asString()).contains("name=\"password\"").contains("plus valable");
        assertThat(accounts.reload(account.id).lockedUntil).isAfter(Instant.now());
        // The real code no longer works: there is no code pending.
        assertThat(browser.get("/sign-in/otp").statusCode()).isEqualTo(303);
    }

    @Test
    void anExpiredCodeSendsBackToThePassword() {
        Account account = accounts.practitioner("otpexpired");
        Browser browser = new Browser();
        int mails = Browser.mailsTo(account.email);
        browser.password(Browser.authorization(Browser.Pkce.create(), "e"), account.username, TestAccounts.PASSWORD);
        String code = Browser.awaitCode(account.email, mails);
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                org.irisimaging.identity.session.BrowserSession.update("otpExpiresAt = ?1 where candidateAccountId = ?2",
                        Instant.now().minusSeconds(1), account.id));
        Response r = browser.code(code);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains("plus valable");
        assertThat(r.header("Location")).isNull();
    }

    @Test
    void unknownAccountsWrongPasswordsAndIneligibleAccountsAllLookTheSame() {
        Account active = accounts.practitioner("same");
        Account noCps = accounts.create("nocps", Account.Status.ACTIVE, Account.OtpChannel.EMAIL, false, "750000001");
        Account noOtp = accounts.create("nootp", Account.Status.ACTIVE, null, true, "750000001");
        Account pending = accounts.create("pending", Account.Status.PENDING_APPROVAL, Account.OtpChannel.EMAIL, true,
                "750000001");
        Account suspended = accounts.create("suspended", Account.Status.SUSPENDED, Account.OtpChannel.EMAIL, true,
                "750000001");

        String unknown = body(attempt("nobody-" + System.nanoTime(), TestAccounts.PASSWORD));
        assertThat(body(attempt(active.username, "Wrong-Password-1"))).isEqualTo(unknown);
        for (Account a : new Account[] {noCps, noOtp, pending, suspended}) {
            int mails = Browser.mailsTo(a.email);
            assertThat(body(attempt(a.username, TestAccounts.PASSWORD))).as(a.username).isEqualTo(unknown);
            assertThat(Browser.mailsTo(a.email)).isEqualTo(mails);
        }
    }

    private static Response attempt(String username, String password) {
        Browser browser = new Browser();
        Response form = startSignIn(browser);
        return browser.post("/sign-in", Map.of("username", username, "password", password,
                "csrf", Browser.csrf(form)));
    }

    private static Response startSignIn(Browser browser) {
        browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "lock"));
        return browser.get("/sign-in");
    }

    /** The page without what legitimately differs (the CSRF token, the echoed identifier, the card link's handle). */
    private static String body(Response r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.asString().replaceAll("name=\"csrf\" value=\"[^\"]+\"", "")
                .replaceAll("name=\"username\" value=\"[^\"]*\"", "")
                .replaceAll("handle=[A-Za-z0-9_-]+", "");
    }

    private static String message(Response r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<p class=\"message\"[^>]*>([^<]+)</p>")
                .matcher(r.asString());
        assertThat(m.find()).as(r.asString()).isTrue();
        return m.group(1);
    }
}

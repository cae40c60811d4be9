package org.irisimaging.identity.signin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.credential.Lockout;
import org.irisimaging.identity.credential.PasswordHasher;
import org.irisimaging.identity.oidc.Acr;
import org.irisimaging.identity.otp.OtpCodes;
import org.irisimaging.identity.otp.OtpSender;
import org.irisimaging.identity.otp.OtpSenders;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in with a password then a one-time code, for accounts that signed in with a CPS card at
 * least once and chose a code channel. Every failure looks the same to the caller (unknown account,
 * wrong password, locked, inactive, not enrolled), takes about the same time (the password hash
 * is always computed) and is published as a SignInAttempted event with its real reason.
 */
@ApplicationScoped
public class PasswordOtpSignIn {

    private final PasswordHasher hasher;
    private final Lockout lockout;
    private final OtpSenders senders;
    private final Sessions sessions;
    private final SignInAudit audit;
    private final IdentityConfig.Otp otp;

    PasswordOtpSignIn(PasswordHasher hasher, Lockout lockout, OtpSenders senders, Sessions sessions,
                      SignInAudit audit, IdentityConfig config) {
        this.hasher = hasher;
        this.lockout = lockout;
        this.senders = senders;
        this.sessions = sessions;
        this.audit = audit;
        this.otp = config.otp();
    }

    /** After the password step. */
    public sealed interface PasswordResult permits CodeSent, PasswordRefused, DeliveryFailed {
    }

    /** The password was right and a code went to {@code destination} (masked). */
    public record CodeSent(String destination) implements PasswordResult {
    }

    /** The generic refusal. */
    public record PasswordRefused() implements PasswordResult {
    }

    /** The code could not be sent. */
    public record DeliveryFailed() implements PasswordResult {
    }

    /** After the code step. */
    public sealed interface OtpResult permits SignedIn, WrongCode, Restart {
    }

    /** Both factors passed: {@code session} is the new signed-in session, {@code cookieValue} its cookie. */
    public record SignedIn(BrowserSession session, String cookieValue) implements OtpResult {
    }

    /** Wrong code; the person may try again with the same code. */
    public record WrongCode() implements OtpResult {
    }

    /** The code is void (expired, too many attempts, account locked): back to the password. */
    public record Restart() implements OtpResult {
    }

    private record Checked(PasswordResult result, String subject, String failure, Account account, String code) {
    }

    public PasswordResult checkPassword(UUID sessionId, String username, String password, String clientId,
                                        String remote, Locale locale) {
        Instant now = Instant.now();
        Optional<Account> found = username == null || username.isBlank()
                ? Optional.empty()
                : QuarkusTransaction.requiringNew().call(() -> Account.findByUsername(username.trim()));
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            audit.failed(null, clientId, Acr.METHOD_PASSWORD_OTP, "unknown_user", remote);
            return new PasswordRefused();
        }
        boolean passwordOk = hasher.verify(password, found.get().passwordHash);
        Checked checked = QuarkusTransaction.requiringNew().call(() -> {
            Account account = Account.findForUpdate(found.get().id).orElseThrow();
            String subject = account.id.toString();
            if (lockout.isLocked(account, now)) {
                return refused(subject, "account_locked");
            }
            if (!passwordOk) {
                boolean locked = lockout.recordFailure(account, now);
                return refused(subject, locked ? "bad_password_account_locked" : "bad_password");
            }
            if (!account.isActive()) {
                return refused(subject, "inactive_account");
            }
            if (account.cpsFirstSignInAt == null) {
                return refused(subject, "no_cps_sign_in_yet");
            }
            if (account.otpChannel == null) {
                return refused(subject, "otp_not_enabled");
            }
            OtpSender sender = senders.of(account.otpChannel);
            if (!sender.available() || !sender.canReach(account)) {
                return refused(subject, "otp_channel_unavailable");
            }
            BrowserSession session = BrowserSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
            String code = OtpCodes.generate();
            session.step = BrowserSession.Step.OTP;
            session.candidateAccountId = account.id;
            session.otpHash = OtpCodes.digest(session.id.toString(), code);
            session.otpChannel = account.otpChannel;
            session.otpExpiresAt = now.plus(otp.lifetime());
            session.otpAttempts = 0;
            session.lastSeenAt = now;
            return new Checked(new CodeSent(sender.maskedDestination(account)), subject, null, account, code);
        });
        if (checked.failure() != null) {
            audit.failed(checked.subject(), clientId, Acr.METHOD_PASSWORD_OTP, checked.failure(), remote);
            return checked.result();
        }
        try {
            senders.of(checked.account().otpChannel).send(checked.account(), checked.code(), locale);
        } catch (OtpSender.OtpDeliveryException e) {
            QuarkusTransaction.requiringNew().run(() -> {
                BrowserSession session = BrowserSession.findById(sessionId);
                session.step = BrowserSession.Step.PASSWORD;
                session.candidateAccountId = null;
                session.clearOtp();
            });
            org.jboss.logging.Logger.getLogger(PasswordOtpSignIn.class)
                    .warnf(e, "One-time code not delivered (channel %s)", checked.account().otpChannel);
            audit.failed(checked.subject(), clientId, Acr.METHOD_PASSWORD_OTP, "otp_delivery_failed", remote);
            return new DeliveryFailed();
        }
        return checked.result();
    }

    private record CodeChecked(OtpResult result, String subject, String failure, List<String> roles) {
    }

    public OtpResult checkCode(UUID sessionId, String code, String clientId, String remote) {
        Instant now = Instant.now();
        CodeChecked checked = QuarkusTransaction.requiringNew().call(() -> {
            BrowserSession session = BrowserSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
            if (session == null || session.step != BrowserSession.Step.OTP || session.candidateAccountId == null) {
                return new CodeChecked(new Restart(), null, "no_code_pending", List.of());
            }
            Account account = Account.findForUpdate(session.candidateAccountId).orElseThrow();
            String subject = account.id.toString();
            if (lockout.isLocked(account, now)) {
                restart(session);
                return new CodeChecked(new Restart(), subject, "account_locked", List.of());
            }
            if (session.otpExpiresAt == null || !now.isBefore(session.otpExpiresAt)) {
                restart(session);
                return new CodeChecked(new Restart(), subject, "otp_expired", List.of());
            }
            if (!OtpCodes.matches(session.id.toString(), session.otpHash, code)) {
                session.otpAttempts++;
                boolean locked = lockout.recordFailure(account, now);
                if (locked || session.otpAttempts >= otp.maxAttempts()) {
                    restart(session);
                    return new CodeChecked(new Restart(), subject,
                            locked ? "bad_otp_account_locked" : "bad_otp_attempts_exhausted", List.of());
                }
                return new CodeChecked(new WrongCode(), subject, "bad_otp", List.of());
            }
            if (!account.isActive()) {
                restart(session);
                return new CodeChecked(new Restart(), subject, "inactive_account", List.of());
            }
            lockout.recordSuccess(account);
            // A new session for the signed-in person: the pre-sign-in cookie is worthless from now on.
            session.endedAt = now;
            Sessions.Started started = sessions.start(now);
            BrowserSession signedIn = started.session();
            signedIn.step = BrowserSession.Step.SIGNED_IN;
            signedIn.accountId = account.id;
            signedIn.authenticatedAt = now;
            signedIn.amr = Acr.AMR_PASSWORD_OTP.toArray(String[]::new);
            signedIn.acr = Acr.PASSWORD_OTP;
            signedIn.pendingRequest = session.pendingRequest;
            signedIn.userAgent = session.userAgent;
            return new CodeChecked(new SignedIn(signedIn, started.cookieValue()), subject, null,
                    List.of(account.roles));
        });
        if (checked.failure() == null) {
            audit.succeeded(checked.subject(), clientId, Acr.METHOD_PASSWORD_OTP, checked.roles(), remote);
        } else {
            audit.failed(checked.subject(), clientId, Acr.METHOD_PASSWORD_OTP, checked.failure(), remote);
        }
        return checked.result();
    }

    private static void restart(BrowserSession session) {
        session.step = BrowserSession.Step.PASSWORD;
        session.candidateAccountId = null;
        session.clearOtp();
    }

    private static Checked refused(String subject, String reason) {
        return new Checked(new PasswordRefused(), subject, reason, null, null);
    }
}

package org.irisimaging.identity.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.irisimaging.identity.account.Account;

import java.time.Instant;
import java.util.UUID;

/**
 * A browser's session with identity-service, referenced by an HttpOnly cookie whose value is only
 * stored as a digest. It first holds a sign-in in progress (the pending authorization request,
 * the one-time code), then, once both factors passed, the signed-in account; signing in always
 * starts a new session (no session fixation).
 */
@Entity
@Table(name = "browser_session")
public class BrowserSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "cookie_hash", nullable = false, unique = true)
    public String cookieHash;

    /** The per-session token every form of the sign-in pages must send back. */
    @Column(name = "csrf_token", nullable = false)
    public String csrfToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Step step;

    /** The authorization request waiting for the sign-in, as its query string (already validated). */
    @Column(name = "pending_request")
    public String pendingRequest;

    /** The account whose password was right, waiting for its one-time code. */
    @Column(name = "candidate_account_id")
    public UUID candidateAccountId;

    @Column(name = "otp_hash")
    public String otpHash;

    @Enumerated(EnumType.STRING)
    @Column(name = "otp_channel")
    public Account.OtpChannel otpChannel;

    @Column(name = "otp_expires_at")
    public Instant otpExpiresAt;

    @Column(name = "otp_attempts", nullable = false)
    public int otpAttempts;

    /** The signed-in account (step SIGNED_IN). */
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "authenticated_at")
    public Instant authenticatedAt;

    /** RFC 8176 authentication method references of the sign-in. */
    public String[] amr;

    public String acr;

    /** Where the sign-in stands. */
    public enum Step {
        PASSWORD, OTP, SIGNED_IN
    }

    public boolean isSignedIn() {
        return step == Step.SIGNED_IN && accountId != null;
    }

    public void clearOtp() {
        otpHash = null;
        otpChannel = null;
        otpExpiresAt = null;
        otpAttempts = 0;
    }
}

package org.irisimaging.identity.session;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.irisimaging.identity.account.Account;

import java.time.Instant;
import java.util.List;
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

    private static final int USER_AGENT_MAX = 400;

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

    /** The browser's User-Agent at the authorization request (shown in the person's list of sessions). */
    @Column(name = "user_agent")
    public String userAgent;

    /** Digest of the CPS card hand-off: the link to the TLS listener, then the ticket back (single use). */
    @Column(name = "handoff_hash")
    public String handoffHash;

    @Column(name = "handoff_expires_at")
    public Instant handoffExpiresAt;

    /** Digest of the {@code state} sent to the upstream provider (federation), single use. */
    @Column(name = "upstream_state_hash")
    public String upstreamStateHash;

    /** The {@code nonce} the upstream's ID token must carry. */
    @Column(name = "upstream_nonce")
    public String upstreamNonce;

    /** The PKCE verifier of the upstream request. */
    @Column(name = "upstream_code_verifier")
    public String upstreamCodeVerifier;

    @Column(name = "upstream_expires_at")
    public Instant upstreamExpiresAt;

    /** Where the sign-in stands (CPS_VERIFIED: a card was verified on the TLS listener, its ticket is due). */
    public enum Step {
        PASSWORD, OTP, CPS_VERIFIED, SIGNED_IN
    }

    /** The client of the waiting authorization request, for the audit trail. */
    public String clientId() {
        if (pendingRequest == null) {
            return null;
        }
        List<String> ids = URLUtils.parseParameters(pendingRequest).get("client_id");
        return ids == null || ids.isEmpty() ? null : ids.getFirst();
    }

    /** The User-Agent header as stored: printable characters only, at most 400 of them; null when absent. */
    public static String userAgentOf(String header) {
        if (header == null) {
            return null;
        }
        String printable = header.replaceAll("\\p{Cntrl}", "").strip();
        if (printable.isEmpty()) {
            return null;
        }
        return printable.length() > USER_AGENT_MAX ? printable.substring(0, USER_AGENT_MAX) : printable;
    }

    public boolean isSignedIn() {
        return step == Step.SIGNED_IN && accountId != null;
    }

    /** Forgets the CPS hand-off and the upstream request (used once, or superseded). */
    public void clearCps() {
        handoffHash = null;
        handoffExpiresAt = null;
        clearUpstream();
    }

    public void clearUpstream() {
        upstreamStateHash = null;
        upstreamNonce = null;
        upstreamCodeVerifier = null;
        upstreamExpiresAt = null;
    }

    public void clearOtp() {
        otpHash = null;
        otpChannel = null;
        otpExpiresAt = null;
        otpAttempts = 0;
    }
}

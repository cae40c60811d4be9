package org.irisimaging.identity.cps;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.account.IdNatPs;
import org.irisimaging.identity.oidc.Acr;
import org.irisimaging.identity.session.BrowserSession;
import org.irisimaging.identity.session.Sessions;
import org.irisimaging.identity.signin.SignInAudit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs a practitioner in from an identity that a CPS means proved (the card's certificate, or the
 * upstream provider's ID token): idNat_PS → account → a new signed-in session, and the account is
 * recorded as having signed in with CPS (which password + one-time code sign-in requires).
 */
@ApplicationScoped
public class CpsSignIn {

    /** How the CPS identity was proved: the tokens' amr and acr, the audit method. */
    public enum Means {
        CARD(Acr.AMR_CPS_CARD, Acr.CPS_CARD, Acr.METHOD_CPS_CARD),
        FEDERATION(Acr.AMR_CPS_FEDERATION, Acr.CPS_FEDERATION, Acr.METHOD_CPS_FEDERATION);

        final List<String> amr;
        final String acr;
        public final String auditMethod;

        Means(List<String> amr, String acr, String auditMethod) {
            this.amr = amr;
            this.acr = acr;
            this.auditMethod = auditMethod;
        }
    }

    public sealed interface Result permits SignedIn, Refused {
    }

    /** Signed in: the new session and its cookie value. */
    public record SignedIn(UUID sessionId, String cookieValue) implements Result {
    }

    /** Refused: the audit reason and the page's message key. */
    public record Refused(String reason, String messageKey) implements Result {
    }

    private final Sessions sessions;
    private final SignInAudit audit;

    CpsSignIn(Sessions sessions, SignInAudit audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Why the practitioner {@code idNatPs} may not sign in, or empty when they may. Changes nothing. */
    public Optional<Refused> check(String idNatPs) {
        return QuarkusTransaction.requiringNew().call(() -> refusal(find(idNatPs)));
    }

    /** The account of {@code idNatPs}, for the audit subject of a refusal. */
    public Optional<UUID> accountOf(String idNatPs) {
        return QuarkusTransaction.requiringNew().call(() -> find(idNatPs).map(a -> a.id));
    }

    /**
     * Ends the pending session {@code pendingSessionId}, starts a signed-in one for the practitioner
     * {@code idNatPs} (the waiting authorization request moves to it) and audits the outcome.
     */
    public Result signIn(UUID pendingSessionId, String idNatPs, Means means, String clientId, String remote) {
        Instant now = Instant.now();
        record Outcome(Result result, String subject, List<String> roles) {
        }
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Optional<Account> found = find(idNatPs);
            Optional<Refused> refused = refusal(found);
            String subject = found.map(a -> a.id.toString()).orElse(null);
            BrowserSession pending = BrowserSession.findById(pendingSessionId, LockModeType.PESSIMISTIC_WRITE);
            if (refused.isEmpty() && (pending == null || pending.endedAt != null || pending.isSignedIn())) {
                refused = Optional.of(new Refused("no_sign_in_pending", "errorSessionExpired"));
            }
            if (refused.isPresent()) {
                if (pending != null) {
                    pending.clearCps();
                    pending.step = BrowserSession.Step.PASSWORD;
                    pending.candidateAccountId = null;
                }
                return new Outcome(refused.get(), subject, List.of());
            }
            Account account = Account.findForUpdate(found.get().id).orElseThrow();
            if (account.cpsFirstSignInAt == null) {
                account.cpsFirstSignInAt = now;
            }
            // A new session for the signed-in person: the pre-sign-in cookie is worthless from now on.
            pending.endedAt = now;
            pending.clearCps();
            Sessions.Started started = sessions.start(now);
            BrowserSession signedIn = started.session();
            signedIn.step = BrowserSession.Step.SIGNED_IN;
            signedIn.accountId = account.id;
            signedIn.authenticatedAt = now;
            signedIn.amr = means.amr.toArray(String[]::new);
            signedIn.acr = means.acr;
            signedIn.pendingRequest = pending.pendingRequest;
            signedIn.userAgent = pending.userAgent;
            return new Outcome(new SignedIn(signedIn.id, started.cookieValue()), subject, List.of(account.roles));
        });
        switch (outcome.result()) {
            case SignedIn s -> audit.succeeded(outcome.subject(), clientId, means.auditMethod, outcome.roles(), remote);
            case Refused r -> audit.failed(outcome.subject(), clientId, means.auditMethod, r.reason(), remote);
        }
        return outcome.result();
    }

    /** Publishes a refusal that happened before an identity was established (bad certificate, upstream error). */
    public void refused(String subject, String clientId, Means means, String reason, String remote) {
        audit.failed(subject, clientId, means.auditMethod, reason, remote);
    }

    private static Optional<Account> find(String idNatPs) {
        return IdNatPs.isValid(idNatPs) ? Account.find("idNatPs", idNatPs).firstResultOptional() : Optional.empty();
    }

    private static Optional<Refused> refusal(Optional<Account> account) {
        if (account.isEmpty()) {
            return Optional.of(new Refused("unknown_idnat_ps", "errorCpsUnknownAccount"));
        }
        if (!account.get().isActive()) {
            return Optional.of(new Refused("inactive_account", "errorCpsInactiveAccount"));
        }
        return Optional.empty();
    }
}

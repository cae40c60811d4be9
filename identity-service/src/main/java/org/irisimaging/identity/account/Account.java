package org.irisimaging.identity.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * A person who may sign in: a practitioner (identified nationally by idNat_PS — "8" + RPPS or
 * "0" + ADELI), an administrator or a guest.
 */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Sign-in name, unique (a registered practitioner's is their idNat_PS). */
    @Column(nullable = false, unique = true)
    public String username;

    /** National health-professional identifier (idNat_PS), when the account is a practitioner. */
    @Column(name = "id_nat_ps", unique = true)
    public String idNatPs;

    @Column(name = "given_name", nullable = false)
    public String givenName;

    @Column(name = "family_name", nullable = false)
    public String familyName;

    /** Profession (e.g. "Médecin", "Manipulateur en électroradiologie"). */
    public String profession;

    public String email;

    /** Mobile phone number in international form (+33...), for one-time codes by SMS. */
    public String phone;

    /** Platform roles: practitioner, site-admin, platform-admin, guest. */
    @Column(nullable = false)
    public String[] roles;

    /** Establishments (FINESS numbers) the person works for. */
    @Column(nullable = false)
    public String[] establishments;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "charter_version")
    public String charterVersion;

    @Column(name = "charter_accepted_at")
    public Instant charterAcceptedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "status_changed_at")
    public Instant statusChangedAt;

    /** The administrator who made the last status change. */
    @Column(name = "status_changed_by")
    public UUID statusChangedBy;

    /** Argon2id hash in PHC string form; null when the account has no password. */
    @Column(name = "password_hash")
    public String passwordHash;

    /** Where the one-time code goes after the password; null: password + code sign-in is off. */
    @Enumerated(EnumType.STRING)
    @Column(name = "otp_channel")
    public OtpChannel otpChannel;

    /** First sign-in with a CPS card; password + one-time code is only allowed after one. */
    @Column(name = "cps_first_sign_in_at")
    public Instant cpsFirstSignInAt;

    /** Failed password or code attempts in a row. */
    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    /** Locks so far, for the doubling backoff; back to zero after a successful sign-in. */
    @Column(nullable = false)
    public int lockouts;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** Account lifecycle: only ACTIVE accounts may sign in. */
    public enum Status {
        PENDING_APPROVAL, ACTIVE, SUSPENDED, REVOKED
    }

    /** Where one-time codes are sent. */
    public enum OtpChannel {
        EMAIL, SMS
    }

    public static Optional<Account> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /** The account, locked for update (lockout counters change under concurrent attempts). */
    public static Optional<Account> findForUpdate(UUID id) {
        return Optional.ofNullable(findById(id, LockModeType.PESSIMISTIC_WRITE));
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    public boolean hasRole(String role) {
        return Arrays.asList(roles).contains(role);
    }
}

package org.irisimaging.identity.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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

    /** Sign-in name, unique. */
    @Column(nullable = false, unique = true)
    public String username;

    /** National health-professional identifier (idNat_PS), when the account is a practitioner. */
    @Column(name = "id_nat_ps", unique = true)
    public String idNatPs;

    @Column(name = "given_name", nullable = false)
    public String givenName;

    @Column(name = "family_name", nullable = false)
    public String familyName;

    public String email;

    /** Platform roles: practitioner, site-admin, platform-admin, guest. */
    @Column(nullable = false)
    public String[] roles;

    /** Establishments (FINESS numbers) the person works for. */
    @Column(nullable = false)
    public String[] establishments;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** Account lifecycle: only ACTIVE accounts may sign in. */
    public enum Status {
        PENDING_APPROVAL, ACTIVE, SUSPENDED, REVOKED
    }

    public static Optional<Account> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }
}

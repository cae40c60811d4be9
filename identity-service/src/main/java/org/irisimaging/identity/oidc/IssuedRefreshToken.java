package org.irisimaging.identity.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One refresh token of a {@link RefreshTokenFamily} (stored as a digest). */
@Entity
@Table(name = "refresh_token")
public class IssuedRefreshToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    /** When it was exchanged for its successor; using it again after that is a reuse. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;
}

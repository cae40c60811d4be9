package org.irisimaging.identity.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The chain of refresh tokens issued from one authorization code. Each use rotates the token;
 * reusing a rotated one, replaying the code, logging out or suspending the account revokes the
 * whole family.
 */
@Entity
@Table(name = "refresh_token_family")
public class RefreshTokenFamily extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(nullable = false)
    public String scope;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public static void revoke(UUID id, Instant now, String reason) {
        update("revokedAt = ?1, revokedReason = ?2 where id = ?3 and revokedAt is null", now, reason, id);
    }

    public static void revokeForSession(UUID sessionId, Instant now, String reason) {
        update("revokedAt = ?1, revokedReason = ?2 where sessionId = ?3 and revokedAt is null", now, reason, sessionId);
    }

    public static void revokeForAccount(UUID accountId, Instant now, String reason) {
        update("revokedAt = ?1, revokedReason = ?2 where accountId = ?3 and revokedAt is null", now, reason, accountId);
    }
}

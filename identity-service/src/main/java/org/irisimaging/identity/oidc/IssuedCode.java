package org.irisimaging.identity.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An authorization code handed to a client (stored as a digest), single use, bound to the client,
 * the exact redirect URI and the PKCE S256 challenge.
 */
@Entity
@Table(name = "authorization_code")
public class IssuedCode extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "code_challenge", nullable = false)
    public String codeChallenge;

    @Column(nullable = false)
    public String scope;

    public String nonce;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** The refresh tokens issued from this code, revoked if the code is replayed. */
    @Column(name = "token_family_id")
    public UUID tokenFamilyId;
}

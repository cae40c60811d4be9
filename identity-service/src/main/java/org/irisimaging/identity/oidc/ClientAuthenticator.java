package org.irisimaging.identity.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Authenticates confidential OAuth clients by client_secret_basic or client_secret_post
 * (RFC 6749 §2.3.1). Public clients have no secret and never authenticate here.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private final IdentityConfig config;

    ClientAuthenticator(IdentityConfig config) {
        this.config = config;
    }

    /** The authenticated client id, or empty when the credentials are missing or wrong. */
    public Optional<AuthenticatedClient> authenticate(String authorization, String formClientId, String formSecret) {
        String clientId = formClientId;
        String secret = formSecret;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            clientId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (clientId == null || secret == null) {
            return Optional.empty();
        }
        IdentityConfig.Client client = config.clients().get(clientId);
        if (client == null || client.isPublic() || client.secret().isEmpty()
                || !constantTimeEquals(client.secret().get(), secret)) {
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedClient(clientId, client));
    }

    /** Whether the request carries client credentials (a Basic header or a client_secret). */
    public static boolean presentsSecret(String authorization, String formSecret) {
        return formSecret != null
                || (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6));
    }

    /** The client id the caller claims, for the audit of a failed attempt. */
    public static String claimedClientId(String authorization, String formClientId) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return formClientId;
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /** A client whose secret was verified. */
    public record AuthenticatedClient(String clientId, IdentityConfig.Client settings) {
    }
}

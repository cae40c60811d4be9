package org.irisimaging.identity.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.http.BasicCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

    /**
     * The authenticated client, or empty when the credentials are missing or wrong. Basic
     * credentials (decoded by {@link BasicCredentials#parse}) take precedence over the form's.
     */
    public Optional<AuthenticatedClient> authenticate(Optional<BasicCredentials> basic, String formClientId,
                                                      String formSecret) {
        String clientId = basic.map(BasicCredentials::id).orElse(formClientId);
        String secret = basic.map(BasicCredentials::secret).orElse(formSecret);
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

    /** Whether the request carries client credentials (Basic or a client_secret). */
    public static boolean presentsSecret(Optional<BasicCredentials> basic, String formSecret) {
        return formSecret != null || basic.isPresent();
    }

    /** The client id the caller claims, for the audit of a failed attempt. */
    public static String claimedClientId(Optional<BasicCredentials> basic, String formClientId) {
        return basic.map(BasicCredentials::id).orElse(formClientId);
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /** A client whose secret was verified. */
    public record AuthenticatedClient(String clientId, IdentityConfig.Client settings) {
    }
}

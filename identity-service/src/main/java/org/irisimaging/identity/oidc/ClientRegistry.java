package org.irisimaging.identity.oidc;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.identity.IdentityConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registered OAuth clients ({@code iris.identity.clients.<id>}), checked at startup: a public
 * client has no secret, a confidential one has one, an authorization_code client has absolute
 * redirect URIs without fragment.
 */
@Startup
@ApplicationScoped
public class ClientRegistry {

    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    private static final Set<String> GRANTS = Set.of(CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN);

    /** A registered client. */
    public record RegisteredClient(String id, IdentityConfig.Client settings) {

        public boolean isPublic() {
            return settings.isPublic();
        }

        public boolean allows(String grantType) {
            return settings.grantTypes().contains(grantType);
        }

        public List<String> roles() {
            return settings.roles().orElse(List.of());
        }

        /** Exact string comparison, as OAuth 2.0 Security BCP (RFC 9700 §4.1.3) requires. */
        public boolean hasRedirectUri(String uri) {
            return uri != null && settings.redirectUris().orElse(List.of()).contains(uri);
        }

        public boolean hasPostLogoutRedirectUri(String uri) {
            return uri != null && settings.postLogoutRedirectUris().orElse(List.of()).contains(uri);
        }
    }

    private final Map<String, RegisteredClient> clients = new TreeMap<>();

    ClientRegistry(IdentityConfig config) {
        config.clients().forEach((id, settings) -> {
            validate(id, settings);
            clients.put(id, new RegisteredClient(id, settings));
        });
    }

    public Optional<RegisteredClient> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
    }

    private static void validate(String id, IdentityConfig.Client c) {
        for (String grant : c.grantTypes()) {
            if (!GRANTS.contains(grant)) {
                throw new IllegalStateException("Client " + id + ": unknown grant type " + grant + " (known: " + GRANTS + ")");
            }
        }
        if (c.isPublic() && c.secret().isPresent()) {
            throw new IllegalStateException("Client " + id + " is public and must not have a secret");
        }
        if (!c.isPublic() && c.secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("Client " + id + " needs a secret (or public=true)");
        }
        if (c.isPublic() && c.grantTypes().contains(CLIENT_CREDENTIALS)) {
            throw new IllegalStateException("Client " + id + " is public: client_credentials is not allowed");
        }
        if (c.grantTypes().contains(AUTHORIZATION_CODE) && c.redirectUris().orElse(List.of()).isEmpty()) {
            throw new IllegalStateException("Client " + id + " uses authorization_code and needs redirect-uris");
        }
        c.redirectUris().orElse(List.of()).forEach(uri -> checkUri(id, uri));
        c.postLogoutRedirectUris().orElse(List.of()).forEach(uri -> checkUri(id, uri));
    }

    private static void checkUri(String id, String uri) {
        try {
            URI parsed = new URI(uri);
            if (!parsed.isAbsolute() || parsed.getFragment() != null) {
                throw new IllegalStateException("Client " + id + ": redirect URI " + uri
                        + " must be absolute and have no fragment");
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Client " + id + ": invalid redirect URI " + uri, e);
        }
    }
}

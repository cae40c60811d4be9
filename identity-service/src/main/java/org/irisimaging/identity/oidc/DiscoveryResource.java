package org.irisimaging.identity.oidc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.IdentityConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenID Connect Discovery 1.0 provider metadata: how every service finds the JWKS. */
@Path("/.well-known/openid-configuration")
@Tag(name = "OpenID Connect")
public class DiscoveryResource {

    private final IdentityConfig config;

    DiscoveryResource(IdentityConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata")
    public Map<String, Object> metadata() {
        String issuer = config.issuer().replaceAll("/+$", "");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("token_endpoint", issuer + "/token");
        metadata.put("jwks_uri", issuer + "/jwks");
        metadata.put("userinfo_endpoint", issuer + "/userinfo");
        metadata.put("grant_types_supported", List.of("client_credentials"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        // No authorization endpoint yet (the interactive sign-in flows come later).
        metadata.put("response_types_supported", List.of());
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        metadata.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "jti", "client_id", "groups",
                "preferred_username", "given_name", "family_name", "idnat_ps", "establishments", "amr"));
        return metadata;
    }
}

package org.irisimaging.identity.oidc;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.identity.account.Account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** OIDC UserInfo: the claims about the token's subject, from the account when it is a person. */
@Path("/userinfo")
@Tag(name = "OpenID Connect")
@Authenticated
public class UserinfoResource {

    private final JsonWebToken token;

    UserinfoResource(JsonWebToken token) {
        this.token = token;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claims about the signed-in subject")
    public Map<String, Object> userinfo() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", token.getSubject());
        claims.put("groups", token.getGroups());
        accountOf(token.getSubject()).ifPresent(account -> {
            claims.put("preferred_username", account.username);
            claims.put("given_name", account.givenName);
            claims.put("family_name", account.familyName);
            claims.put("email", account.email);
            if (account.idNatPs != null) {
                claims.put("idnat_ps", account.idNatPs);
            }
            claims.put("establishments", List.of(account.establishments));
        });
        return claims;
    }

    private static java.util.Optional<Account> accountOf(String subject) {
        try {
            return Account.findByIdOptional(UUID.fromString(subject));
        } catch (IllegalArgumentException serviceClient) {
            return java.util.Optional.empty();
        }
    }
}

package org.irisimaging.identity.oidc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** RFC 7517 JWK set: the public keys that validate the platform's tokens. */
@Path("/jwks")
@Tag(name = "OpenID Connect")
public class JwksResource {

    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces("application/jwk-set+json")
    @Operation(summary = "Public signing keys")
    public Response jwks() {
        return Response.ok(keys.publicJwks()).header("Cache-Control", "max-age=300").build();
    }
}

package org.irisimaging.gateway.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The portal's settings for the browser (no secret in them: the portal is a public client). The
 * portal's files themselves are static resources of the iris-portal jar (ADR 0024).
 */
@Path("/portal/config.json")
@Tag(name = "Portal")
public class PortalResource {

    /** What the portal needs to start: where to sign in, as which client, the idle limits, the viewer. */
    public record Settings(String authority, String clientId, long idleTimeoutSeconds, long idleWarningSeconds,
                           String viewerPath) {
    }

    private final Settings settings;

    PortalResource(PortalConfig config, @ConfigProperty(name = "quarkus.oidc.token.issuer") String issuer) {
        this.settings = new Settings(issuer, config.clientId(), config.idleTimeout().toSeconds(),
                Math.min(config.idleWarning().toSeconds(), config.idleTimeout().toSeconds()), config.viewerPath());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The portal's settings: OpenID provider, client id, idle timeout and warning, viewer path")
    public Response settings() {
        return Response.ok(settings).header("Cache-Control", "no-cache").build();
    }
}

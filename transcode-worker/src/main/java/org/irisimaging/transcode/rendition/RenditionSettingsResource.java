package org.irisimaging.transcode.rendition;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.transcode.retention.RetentionConfig;

import java.util.Map;

/** The worker's effective rendition settings, for platform administrators. */
@Path("/api/rendition-settings")
@Tag(name = "Renditions")
@RolesAllowed("platform-admin")
public class RenditionSettingsResource {

    private final RenditionConfig config;
    private final StorageTiers tiers;
    private final RetentionConfig retention;

    RenditionSettingsResource(RenditionConfig config, StorageTiers tiers, RetentionConfig retention) {
        this.config = config;
        this.tiers = tiers;
        this.retention = retention;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Effective rendition settings")
    public Settings getSettings() {
        return new Settings(config.defaultTier(), config.lossyQuality(), retention.originals(), tiers.bySource());
    }

    /** Rendition settings as served by the API; {@code siteTiers}: tier per sending source (AE title or STOW). */
    public record Settings(RenditionConfig.StorageTier defaultTier, int lossyQuality, RetentionConfig.Originals originals,
                           Map<String, RenditionConfig.StorageTier> siteTiers) {
    }
}

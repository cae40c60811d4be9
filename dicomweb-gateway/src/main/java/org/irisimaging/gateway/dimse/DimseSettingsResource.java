package org.irisimaging.gateway.dimse;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * What a PACS administrator needs to configure the platform as a DICOM destination: the SCP's
 * AE title and port, and the calling AE titles it accepts.
 */
@Path("/api/dimse")
@Tag(name = "DIMSE")
@RolesAllowed({"site-admin", "platform-admin"})
public class DimseSettingsResource {

    private final DimseConfig config;

    DimseSettingsResource(DimseConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The DIMSE SCP's settings: called AE title, port, accepted calling AE titles")
    public DimseSettings getSettings() {
        return new DimseSettings(config.enabled(), config.aeTitle(), config.port(), config.allowedCallingAeTitles());
    }

    /** The DIMSE SCP settings as served by the API. */
    public record DimseSettings(boolean enabled, String aeTitle, int port, List<String> allowedCallingAeTitles) {
    }
}

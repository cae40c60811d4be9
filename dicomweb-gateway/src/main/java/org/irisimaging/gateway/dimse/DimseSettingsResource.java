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
 * AE title and ports, and the peers it accepts (AE title, addresses, whether over TLS).
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
    @Operation(summary = "The DIMSE SCP's settings: called AE title, ports, accepted peers")
    public DimseSettings getSettings() {
        List<Peer> peers = new java.util.TreeMap<>(config.peers()).entrySet().stream()
                .map(e -> new Peer(e.getKey(), e.getValue().aeTitle(), e.getValue().hosts(),
                        e.getValue().tlsSubject().isPresent() || e.getValue().tlsFingerprint().isPresent()))
                .toList();
        return new DimseSettings(config.enabled(), config.aeTitle(), config.port(),
                config.tls().port().isPresent() ? config.tls().port().getAsInt() : null, peers);
    }

    /** The DIMSE SCP settings as served by the API; {@code tlsPort} is absent without a TLS listener. */
    public record DimseSettings(boolean enabled, String aeTitle, int port, Integer tlsPort, List<Peer> peers) {
    }

    /** One accepted peer: {@code tls} when it must associate over TLS with its certificate. */
    public record Peer(String name, String aeTitle, List<String> hosts, boolean tls) {
    }
}

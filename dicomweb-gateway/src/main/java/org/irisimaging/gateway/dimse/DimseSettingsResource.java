package org.irisimaging.gateway.dimse;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a PACS administrator needs to configure the platform as a DICOM destination: the SCP's
 * AE title and ports, and the peers it accepts (AE title, addresses, whether over TLS). A site
 * administrator sees the peers of their establishments (the token's {@code establishments}); a
 * platform administrator sees them all.
 */
@Path("/api/dimse")
@Tag(name = "DIMSE")
@RolesAllowed({DimseSettingsResource.SITE_ADMIN, DimseSettingsResource.PLATFORM_ADMIN})
public class DimseSettingsResource {

    static final String SITE_ADMIN = "site-admin";
    static final String PLATFORM_ADMIN = "platform-admin";

    private final DimseConfig config;
    private final SecurityIdentity caller;

    DimseSettingsResource(DimseConfig config, SecurityIdentity caller) {
        this.config = config;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The DIMSE SCP's settings: called AE title, ports, the peers of the caller's establishments")
    public DimseSettings getSettings() {
        Predicate<DimseConfig.Peer> visible = visiblePeers();
        List<Peer> peers = new TreeMap<>(config.peers()).entrySet().stream()
                .filter(e -> visible.test(e.getValue()))
                .map(e -> new Peer(e.getKey(), e.getValue().aeTitle(), e.getValue().hosts(),
                        e.getValue().tlsSubject().isPresent() || e.getValue().tlsFingerprint().isPresent(),
                        e.getValue().establishment().orElse(null)))
                .toList();
        return new DimseSettings(config.enabled(), config.aeTitle(), config.port(),
                config.tls().port().isPresent() ? config.tls().port().getAsInt() : null, peers);
    }

    /** All peers for a platform administrator; else those of the caller's establishments. */
    private Predicate<DimseConfig.Peer> visiblePeers() {
        if (caller.hasRole(PLATFORM_ADMIN)) {
            return peer -> true;
        }
        Set<String> mine = establishments();
        return peer -> peer.establishment().map(String::strip).filter(mine::contains).isPresent();
    }

    /** The token's {@code establishments} (FINESS numbers): a list, or one string. */
    private Set<String> establishments() {
        if (!(caller.getPrincipal() instanceof JsonWebToken token)) {
            return Set.of();
        }
        Object claim = token.getClaim("establishments");
        Collection<?> values = claim instanceof Collection<?> list ? list : claim == null ? List.of() : List.of(claim);
        return values.stream()
                .map(v -> v instanceof JsonString s ? s.getString() : v instanceof String s ? s : null)
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The DIMSE SCP settings as served by the API; {@code tlsPort} is absent without a TLS listener. */
    public record DimseSettings(boolean enabled, String aeTitle, int port, Integer tlsPort, List<Peer> peers) {
    }

    /**
     * One accepted peer: {@code tls} when it must associate over TLS with its certificate;
     * {@code establishment}, the FINESS number of the establishment it belongs to, when configured.
     */
    public record Peer(String name, String aeTitle, List<String> hosts, boolean tls, String establishment) {
    }
}

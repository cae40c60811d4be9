package org.irisimaging.gateway.ingest;

import java.util.Objects;

/**
 * How an instance arrived.
 *
 * @param kind           the transport
 * @param callingAeTitle the sender's AE title (DIMSE), else {@code null}
 * @param remoteAddress  the sender's IP address
 * @param clientId       the sending system's OIDC client (STOW-RS), else {@code null}
 */
public record IngestSource(Kind kind, String callingAeTitle, String remoteAddress, String clientId) {

    /** The transport an instance came by. */
    public enum Kind {
        DIMSE, STOW
    }

    public IngestSource {
        Objects.requireNonNull(kind, "kind");
    }

    public static IngestSource dimse(String callingAeTitle, String remoteAddress) {
        return new IngestSource(Kind.DIMSE, callingAeTitle, remoteAddress, null);
    }

    /** A STOW-RS upload by the sending system whose OIDC client is {@code clientId}. */
    public static IngestSource stow(String remoteAddress, String clientId) {
        return new IngestSource(Kind.STOW, null, remoteAddress, clientId);
    }
}

package org.irisimaging.gateway.ingest;

import java.util.Objects;

/**
 * How an instance arrived.
 *
 * @param kind           the transport
 * @param callingAeTitle the sender's AE title (DIMSE), else {@code null}
 * @param remoteAddress  the sender's IP address
 */
public record IngestSource(Kind kind, String callingAeTitle, String remoteAddress) {

    /** The transport an instance came by. */
    public enum Kind {
        DIMSE, STOW
    }

    public IngestSource {
        Objects.requireNonNull(kind, "kind");
    }

    public static IngestSource dimse(String callingAeTitle, String remoteAddress) {
        return new IngestSource(Kind.DIMSE, callingAeTitle, remoteAddress);
    }

    public static IngestSource stow(String remoteAddress) {
        return new IngestSource(Kind.STOW, null, remoteAddress);
    }
}

package org.irisimaging.gateway.index;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.Objects;

/**
 * Body of {@code POST /api/instances} on study-index-service: an instance the gateway has stored,
 * to be registered in the study index.
 *
 * @param source            how it arrived
 * @param blob              where the gateway stored the original
 * @param transferSyntaxUID transfer syntax of the stored original
 * @param dataset           the data set as DICOM JSON (PS3.18 Annex F; no group 0002, no bulk
 *                          data), serialised text, embedded as is
 */
public record InstanceRegistration(Source source, Blob blob, String transferSyntaxUID,
        @JsonRawValue String dataset) {

    public InstanceRegistration {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(transferSyntaxUID, "transferSyntaxUID");
        Objects.requireNonNull(dataset, "dataset");
    }

    /**
     * @param kind           {@code DIMSE} or {@code STOW}
     * @param callingAeTitle the sending AE title (DIMSE), else {@code null}
     * @param remoteAddress  the sender's IP address
     * @param clientId       the sending system's OIDC client (STOW), else {@code null}
     */
    public record Source(String kind, String callingAeTitle, String remoteAddress, String clientId) {
    }

    /**
     * @param key       the blob key
     * @param sizeBytes size of the stored original
     * @param sha256    SHA-256 of the stored original, lower-case hexadecimal
     */
    public record Blob(String key, long sizeBytes, String sha256) {
    }
}

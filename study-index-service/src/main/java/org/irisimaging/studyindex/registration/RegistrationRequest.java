package org.irisimaging.studyindex.registration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the gateway registers once it has durably stored an instance ({@code POST /api/instances}).
 *
 * @param source            how the instance arrived
 * @param blob              where the gateway's blob store holds the Part 10 file
 * @param transferSyntaxUID the stored file's transfer syntax (its file meta information)
 * @param dataset           the instance's data set as DICOM JSON (PS3.18 Annex F), without group
 *                          0002 and without bulk data; stored as received
 */
public record RegistrationRequest(Source source, Blob blob, String transferSyntaxUID, JsonNode dataset) {

    /**
     * @param kind           {@code DIMSE} or {@code STOW}
     * @param callingAeTitle the calling AE title of the association (DIMSE); null for STOW
     * @param remoteAddress  the sender's network address, for the record
     * @param clientId       the sending system's OIDC client (STOW); null for DIMSE or when unknown
     */
    public record Source(String kind, String callingAeTitle, String remoteAddress, String clientId) {
    }

    /**
     * @param key       the blob store key ({@code instances/<study>/<series>/<sop>.dcm})
     * @param sizeBytes the file's size in bytes
     * @param sha256    the file's SHA-256, hexadecimal: decides whether a re-sent instance changed
     */
    public record Blob(String key, Long sizeBytes, String sha256) {
    }
}

package org.irisimaging.studyindex.location;

/**
 * Where an instance's Part 10 file is, for retrieval by the gateway (WADO-RS).
 *
 * @param blobKey   the gateway's blob store key
 * @param sizeBytes the file's size
 */
public record InstanceLocation(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID,
                               String sopClassUID, String transferSyntaxUID, String blobKey, long sizeBytes) {
}

package org.irisimaging.studyindex.location;

/**
 * Where an instance's Part 10 file is, for retrieval by the gateway (WADO-RS).
 *
 * @param transferSyntaxUID          the original's transfer syntax
 * @param blobKey                    the original's blob store key
 * @param sizeBytes                  the original's size
 * @param available                  whether transcode-worker has finished with it
 * @param renditionTransferSyntaxUID the rendition's transfer syntax (JPEG), {@code null} when none
 * @param renditionBlobKey           the rendition's blob key, {@code null} when none
 * @param renditionSizeBytes         the rendition's size, {@code null} when none
 * @param originalRemoved            whether the original was removed after its rendition was verified
 *                                   (the rendition is then what there is to serve)
 */
public record InstanceLocation(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID,
                               String sopClassUID, String transferSyntaxUID, String blobKey, long sizeBytes,
                               boolean available, String renditionTransferSyntaxUID, String renditionBlobKey,
                               Long renditionSizeBytes, boolean originalRemoved) {
}

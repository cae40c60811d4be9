package org.irisimaging.gateway.ingest;

import org.irisimaging.blob.StoredBlob;
import org.irisimaging.gateway.index.RegisteredInstance;

/**
 * An instance stored, registered and announced.
 *
 * @param studyInstanceUid  Study Instance UID
 * @param seriesInstanceUid Series Instance UID
 * @param sopInstanceUid    SOP Instance UID
 * @param sopClassUid       SOP Class UID
 * @param transferSyntaxUid transfer syntax as received and stored
 * @param blob              the stored original
 * @param registration      what the registration changed in the index
 */
public record IngestOutcome(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
        String sopClassUid, String transferSyntaxUid, StoredBlob blob, RegisteredInstance.Outcome registration) {
}

package org.irisimaging.gateway.index;

/**
 * study-index-service's answer to a registration (201 or 200).
 *
 * @param studyInstanceUID  Study Instance UID as registered
 * @param seriesInstanceUID Series Instance UID as registered
 * @param sopInstanceUID    SOP Instance UID as registered
 * @param outcome           what the registration changed
 */
public record RegisteredInstance(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID,
        Outcome outcome) {

    /** What a registration changed in the index. */
    public enum Outcome {
        /** A new instance. */
        CREATED,
        /** The instance was known and its metadata or blob changed. */
        REPLACED,
        /** The instance was known with exactly this content. */
        UNCHANGED
    }
}

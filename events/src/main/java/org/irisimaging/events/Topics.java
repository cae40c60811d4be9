package org.irisimaging.events;

/**
 * Kafka topic names. In every service the messaging channel has the same name as its topic, so a
 * reader can grep one string from producer to consumer.
 */
public final class Topics {

    /** {@link SignInAttempted}: every sign-in to identity-service, successful or not; keyed by subject. */
    public static final String SIGN_IN_ATTEMPTED = "identity.sign-in-attempted";

    /** {@link SignedOut}: a person's session ended at their request (logout, sign-out); keyed by subject. */
    public static final String SIGNED_OUT = "identity.signed-out";

    /** {@link InstanceReceived}: an instance stored by the gateway and registered (published by
     *  study-index-service from its outbox); keyed by StudyInstanceUID. */
    public static final String INSTANCE_RECEIVED = "instance.received";

    /** {@link InstanceRendered}: the worker stored an instance's pixel data as JPEG (or kept it); keyed by StudyInstanceUID. */
    public static final String INSTANCE_RENDERED = "instance.rendered";

    /** {@link OriginalRemoved}: the worker removed a received original, its verified rendition now
     *  stands for it; keyed by StudyInstanceUID. */
    public static final String ORIGINAL_REMOVED = "instance.original-removed";

    /** {@link ExportRequested}: a person asked for a study or a selection as a ZIP with DICOMDIR
     *  (published by study-index-service from its outbox); keyed by StudyInstanceUID. */
    public static final String EXPORT_REQUESTED = "export.requested";

    /** {@link ExportReady}: the worker packaged an export, or could not (outcome {@code FAILED});
     *  keyed by StudyInstanceUID. */
    public static final String EXPORT_READY = "export.ready";

    private Topics() {
    }
}

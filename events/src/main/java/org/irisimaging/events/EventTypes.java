package org.irisimaging.events;

/**
 * CloudEvents {@code type} attribute of each event, reverse-DNS and versioned, so a consumer can
 * refuse a version it does not know.
 */
public final class EventTypes {

    public static final String SIGN_IN_ATTEMPTED = "org.irisimaging.identity.SignInAttempted.v1";

    public static final String SIGNED_OUT = "org.irisimaging.identity.SignedOut.v1";

    public static final String INSTANCE_RECEIVED = "org.irisimaging.gateway.InstanceReceived.v1";

    public static final String INSTANCE_RENDERED = "org.irisimaging.transcode.InstanceRendered.v1";

    public static final String ORIGINAL_REMOVED = "org.irisimaging.transcode.OriginalRemoved.v1";

    public static final String EXPORT_REQUESTED = "org.irisimaging.studyindex.ExportRequested.v1";

    public static final String EXPORT_READY = "org.irisimaging.transcode.ExportReady.v1";

    private EventTypes() {
    }
}

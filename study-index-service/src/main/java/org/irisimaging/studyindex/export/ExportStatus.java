package org.irisimaging.studyindex.export;

/** Where an export job stands, as the API shows it. */
public enum ExportStatus {
    /** Accepted; transcode-worker has not finished packaging it. */
    REQUESTED,
    /** Packaged: downloadable by its requester until it expires. */
    READY,
    /** Not packaged (see the failure reason): nothing to download. */
    FAILED,
    /** Was ready, the download period is over (410 Gone). Not stored: derived from the expiry. */
    EXPIRED
}

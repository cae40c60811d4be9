package org.irisimaging.gateway.dimse;

import java.nio.file.Path;

/**
 * Decides on a received C-STORE: the SCP answers with the status returned, and only after this
 * returns (so Success means whatever the handler does is done).
 */
@FunctionalInterface
public interface CStoreHandler {

    /** C-STORE status Success. */
    int SUCCESS = 0x0000;
    /** Refused: SOP Class not supported. */
    int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    /** Refused: Out of Resources. */
    int OUT_OF_RESOURCES = 0xA700;
    /** Error: Cannot understand. */
    int CANNOT_UNDERSTAND = 0xC000;

    /** Handles one received object; must not throw (failures are statuses). */
    Result store(Request request);

    /**
     * A received C-STORE.
     *
     * @param file                   the object as a Part 10 file: file meta information built from
     *                               the request (Media Storage SOP Class/Instance UID = the Affected
     *                               ones, the negotiated transfer syntax, the calling AE as source)
     *                               followed by the data set exactly as received
     * @param affectedSopClassUid    the C-STORE-RQ's Affected SOP Class UID
     * @param affectedSopInstanceUid the C-STORE-RQ's Affected SOP Instance UID
     * @param transferSyntaxUid      the presentation context's transfer syntax
     * @param callingAeTitle         the sender's AE title
     * @param remoteAddress          the sender's IP address
     */
    record Request(Path file, String affectedSopClassUid, String affectedSopInstanceUid, String transferSyntaxUid,
            String callingAeTitle, String remoteAddress) {
    }

    /**
     * The verdict.
     *
     * @param status       the DIMSE status
     * @param errorComment for the Error Comment (0000,0902) of a failure: at most 64 characters are
     *                     sent; never patient data
     */
    record Result(int status, String errorComment) {

        public static final Result SUCCESS_RESULT = new Result(SUCCESS, null);

        public static Result failure(int status, String errorComment) {
            return new Result(status, errorComment);
        }
    }
}

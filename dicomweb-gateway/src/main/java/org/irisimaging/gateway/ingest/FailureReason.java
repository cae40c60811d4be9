package org.irisimaging.gateway.ingest;

/**
 * Why an instance was refused, as a code that is both a DIMSE C-STORE status (PS3.4 B.2.3, PS3.7
 * C) and a STOW-RS Failure Reason (0008,1197) (PS3.18 section 10.5): the same verdict whichever way
 * the instance came.
 */
public enum FailureReason {

    /**
     * {@code 0xA700} Refused: Out of Resources. Something the platform depends on failed (blob store,
     * study-index-service, Kafka); the sender should retry later. Nothing of the instance was kept
     * unless it was already registered before.
     */
    OUT_OF_RESOURCES(0xA700),

    /**
     * {@code 0xA900} Error: Data Set does not match SOP Class. Readable, but not a storable
     * instance: a required UID missing or not a DICOM UID, or the data set's SOP Class/Instance UID
     * differs from the one the request announced.
     */
    DATA_SET_DOES_NOT_MATCH_SOP_CLASS(0xA900),

    /**
     * {@code 0xC000} Error: Cannot understand. Not a well-formed DICOM object: unparseable,
     * truncated, unsupported transfer syntax.
     */
    CANNOT_UNDERSTAND(0xC000),

    /** {@code 0x0122} Refused: SOP Class not supported (not a storage SOP class). */
    SOP_CLASS_NOT_SUPPORTED(0x0122),

    /**
     * {@code 0x0110} Processing failure. The instance is well formed but the platform refuses it:
     * its SOP Instance UID is registered under another study or series (or its Series Instance UID
     * under another study), or study-index-service rejected it.
     */
    PROCESSING_FAILURE(0x0110),

    /**
     * {@code 0xC201} Error: Cannot understand, Iris subcode "study of another source" (ADR 0018).
     * The instance's study (so its series and instances) was first registered by another source
     * (calling AE title, or STOW-RS client): nothing of it was changed or kept. A Cxxx failure, so
     * that senders do not retry it as they would a resource shortage.
     */
    STUDY_OF_ANOTHER_SOURCE(0xC201),

    /**
     * {@code 0xC202} Error: Cannot understand, Iris subcode "patient mismatch" (ADR 0018). From the
     * study's own source, but its Patient ID / Issuer of Patient ID differ from the study's patient:
     * corrections of identity are an administrator's action, not a re-send.
     */
    PATIENT_MISMATCH(0xC202);

    private final int code;

    FailureReason(int code) {
        this.code = code;
    }

    /** The DIMSE status / STOW Failure Reason value. */
    public int code() {
        return code;
    }

    /** {@code 0xA700} style. */
    public String hex() {
        return String.format("0x%04X", code);
    }
}

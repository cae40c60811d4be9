package org.irisimaging.transcode.export;

import java.io.IOException;

/**
 * An export that cannot be packaged whatever the retries: a listed file is missing or is not DICOM.
 * The message says why without patient data; it reaches the requester as the failure reason.
 */
public class UnpackableExportException extends IOException {

    public UnpackableExportException(String reason) {
        super(reason);
    }
}

package org.irisimaging.dicom.multipart;

import java.io.IOException;

/** The request body does not follow multipart framing (missing or broken boundaries, truncation). */
public class MalformedMultipartException extends IOException {

    public MalformedMultipartException(String message) {
        super(message);
    }
}

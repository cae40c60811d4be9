package org.irisimaging.dicom.jpeg;

/**
 * Pixel data this encoder does not take: already encapsulated, more than 16 or fewer than 2 bits,
 * subsampled colour, inconsistent image attributes. The caller keeps the original encoding.
 */
public final class UnsupportedPixelDataException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnsupportedPixelDataException(String message) {
        super(message);
    }
}

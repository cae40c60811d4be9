package org.irisimaging.dicom;

/**
 * The object may be well formed, but its deflated data set expands to more than the reader was
 * allowed to take in memory (a deflate bomb, or simply too large): refused before it is parsed.
 */
public class DataSetTooLargeException extends InvalidDicomException {

    private static final long serialVersionUID = 1L;

    public DataSetTooLargeException(long limit) {
        super("deflated data set larger than " + limit + " bytes once inflated");
    }
}

package org.irisimaging.dicom.pixels;

/**
 * One decoded frame: unsigned samples of {@code precision} bits, components interleaved per pixel
 * (the layout of native Pixel Data with Planar Configuration 0), row by row; precision 0 when the
 * codec does not say.
 */
record DecodedFrame(int columns, int rows, int components, int precision, int[] samples) {
}

package org.irisimaging.dicom.jpeg;

/**
 * The geometry of one frame to encode: what the SOF3 marker segment describes (T.81 B.2.2), plus
 * how the caller's samples are laid out.
 *
 * @param rows                number of lines Y, 1..65535
 * @param columns             samples per line X, 1..65535
 * @param samplesPerPixel     components Nf: 1 (grayscale, palette) or 3 (colour, kept as is: no
 *                            colour transform, as DICOM 1.2.840.10008.1.2.4.70 requires)
 * @param precision           sample precision P in bits, 2..16: DICOM Bits Stored
 * @param planarConfiguration layout of colour input, as DICOM (0028,0006): 0 = R1 G1 B1 R2...,
 *                            1 = all R, then all G, then all B; ignored for one component
 */
public record LosslessFrame(int rows, int columns, int samplesPerPixel, int precision, int planarConfiguration) {

    public LosslessFrame {
        if (rows < 1 || rows > 0xFFFF || columns < 1 || columns > 0xFFFF) {
            throw new IllegalArgumentException("rows and columns must be 1..65535: " + rows + "x" + columns);
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new IllegalArgumentException("samples per pixel must be 1 or 3: " + samplesPerPixel);
        }
        if (precision < 2 || precision > 16) {
            throw new IllegalArgumentException("precision must be 2..16 bits (T.81 lossless): " + precision);
        }
        if (planarConfiguration != 0 && planarConfiguration != 1) {
            throw new IllegalArgumentException("planar configuration must be 0 or 1: " + planarConfiguration);
        }
        if ((long) rows * columns * samplesPerPixel > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frame too large: " + rows + "x" + columns + "x" + samplesPerPixel);
        }
    }

    /** A single-component frame. */
    public static LosslessFrame grayscale(int rows, int columns, int precision) {
        return new LosslessFrame(rows, columns, 1, precision, 0);
    }

    /** A three-component frame, samples interleaved (planar configuration 0). */
    public static LosslessFrame colour(int rows, int columns, int precision) {
        return new LosslessFrame(rows, columns, 3, precision, 0);
    }

    /** Samples in the frame: rows x columns x samples per pixel. */
    public int sampleCount() {
        return rows * columns * samplesPerPixel;
    }

    /** Whether colour input is stored plane by plane (planar configuration 1). */
    boolean planar() {
        return samplesPerPixel > 1 && planarConfiguration == 1;
    }
}

package org.irisimaging.dicom.pixels;

import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

/**
 * JPEG-LS decoder (ITU-T T.87 / ISO 14495-1, transfer syntaxes 1.2.840.10008.1.2.4.80 and .81),
 * written from the standard because no Java library the build can reach decodes it (ADR 0022):
 * regular mode (context modelling, median edge prediction, bias correction, limited-length Golomb
 * codes) and run mode, lossless and near-lossless (NEAR), 2 to 16 bits, one or more components
 * without subsampling, scans not interleaved (one per component), line or sample interleaved, preset
 * parameters from an LSE segment. Not taken (refused, the caller answers that it cannot decode):
 * mapping tables, point transform, restart intervals, colour transforms.
 */
final class JpegLsDecoder {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DRI = 0xDD;
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int RUN_CONTEXTS = 2;
    private static final int REGULAR_CONTEXTS = 365;
    /** T.87 Table A.1: order of the run-length code as a function of RUNindex. */
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
        4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private final byte[] data;
    private final int maxSamples;
    private int at;
    private int precision;
    private int columns;
    private int rows;
    private int[] componentIds;
    private int[] samples;
    private boolean[] decoded;
    private int presetMaxVal;
    private int presetT1;
    private int presetT2;
    private int presetT3;
    private int presetReset;

    private JpegLsDecoder(byte[] data, int maxSamples) {
        this.data = data;
        this.maxSamples = maxSamples;
    }

    /**
     * Decodes one JPEG-LS bitstream (SOI … EOI) to unsigned samples, components interleaved; a frame
     * header declaring more than {@code maxSamples} samples is refused before anything is allocated.
     */
    static DecodedFrame decode(byte[] bitstream, int maxSamples) throws UnsupportedPixelDataException {
        try {
            return new JpegLsDecoder(bitstream, maxSamples).decodeFrame();
        } catch (RuntimeException e) {
            throw new UnsupportedPixelDataException("JPEG-LS bitstream truncated or corrupt");
        }
    }

    private DecodedFrame decodeFrame() throws UnsupportedPixelDataException {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != SOI) {
            throw new UnsupportedPixelDataException("not a JPEG-LS bitstream (no SOI)");
        }
        at = 2;
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case EOI -> {
                    return finish();
                }
                case SOF55 -> readFrameHeader();
                case LSE -> readPresetParameters();
                case SOS -> readScan();
                case DRI -> {
                    int length = u16(at);
                    if (length >= 4 && u16(at + 2) != 0) {
                        throw new UnsupportedPixelDataException("JPEG-LS with restart intervals is not decoded");
                    }
                    at += length;
                }
                default -> {
                    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                            || marker == 0xF9) {
                        throw new UnsupportedPixelDataException(String.format(
                                "JPEG frame marker FF%02X: not a JPEG-LS (SOF55) frame this decoder takes", marker));
                    }
                    at += u16(at); // APPn, COM and other segments: skipped
                }
            }
        }
    }

    private DecodedFrame finish() throws UnsupportedPixelDataException {
        if (samples == null) {
            throw new UnsupportedPixelDataException("JPEG-LS bitstream without a frame header");
        }
        for (boolean d : decoded) {
            if (!d) {
                throw new UnsupportedPixelDataException("JPEG-LS bitstream ends before every component was decoded");
            }
        }
        return new DecodedFrame(columns, rows, componentIds.length, precision, samples);
    }

    /** The next marker's code, {@code at} then just after it; fill bytes skipped. */
    private int nextMarker() throws UnsupportedPixelDataException {
        while (at + 1 < data.length) {
            if ((data[at] & 0xFF) == 0xFF && (data[at + 1] & 0xFF) >= 0x80 && (data[at + 1] & 0xFF) != 0xFF) {
                int marker = data[at + 1] & 0xFF;
                at += 2;
                return marker;
            }
            at++;
        }
        throw new UnsupportedPixelDataException("JPEG-LS bitstream ends without EOI");
    }

    private void readFrameHeader() throws UnsupportedPixelDataException {
        int length = u16(at);
        precision = data[at + 2] & 0xFF;
        rows = u16(at + 3);
        columns = u16(at + 5);
        int components = data[at + 7] & 0xFF;
        if (precision < 2 || precision > 16 || rows < 1 || columns < 1 || components < 1 || components > 4
                || length != 8 + 3 * components) {
            throw new UnsupportedPixelDataException("JPEG-LS frame header: " + precision + " bits, " + columns + "x"
                    + rows + ", " + components + " components");
        }
        componentIds = new int[components];
        for (int c = 0; c < components; c++) {
            componentIds[c] = data[at + 8 + 3 * c] & 0xFF;
            if ((data[at + 9 + 3 * c] & 0xFF) != 0x11) {
                throw new UnsupportedPixelDataException("JPEG-LS with subsampled components is not decoded");
            }
        }
        if ((long) rows * columns * components > maxSamples) {
            throw new UnsupportedPixelDataException("JPEG-LS frame header declares " + columns + "x" + rows + "x"
                    + components + ": more samples than the image has");
        }
        samples = new int[rows * columns * components];
        decoded = new boolean[components];
        at += length;
    }

    private void readPresetParameters() throws UnsupportedPixelDataException {
        int length = u16(at);
        int id = data[at + 2] & 0xFF;
        if (id != 1 || length < 13) {
            throw new UnsupportedPixelDataException("JPEG-LS preset segment (LSE) type " + id
                    + " (mapping table or oversize image): not decoded");
        }
        presetMaxVal = u16(at + 3);
        presetT1 = u16(at + 5);
        presetT2 = u16(at + 7);
        presetT3 = u16(at + 9);
        presetReset = u16(at + 11);
        at += length;
    }

    private void readScan() throws UnsupportedPixelDataException {
        if (samples == null) {
            throw new UnsupportedPixelDataException("JPEG-LS scan before the frame header");
        }
        int length = u16(at);
        int count = data[at + 2] & 0xFF;
        if (count < 1 || length != 6 + 2 * count) {
            throw new UnsupportedPixelDataException("JPEG-LS scan header invalid");
        }
        int[] components = new int[count];
        for (int i = 0; i < count; i++) {
            int id = data[at + 3 + 2 * i] & 0xFF;
            components[i] = indexOf(id);
            if ((data[at + 4 + 2 * i] & 0xFF) != 0) {
                throw new UnsupportedPixelDataException("JPEG-LS with a mapping table is not decoded");
            }
        }
        int near = data[at + 3 + 2 * count] & 0xFF;
        int interleave = data[at + 4 + 2 * count] & 0xFF;
        int pointTransform = data[at + 5 + 2 * count] & 0x0F;
        if (pointTransform != 0) {
            throw new UnsupportedPixelDataException("JPEG-LS with a point transform is not decoded");
        }
        if (interleave > 2 || (interleave == 0) != (count == 1)) {
            throw new UnsupportedPixelDataException("JPEG-LS interleave mode " + interleave + " with " + count
                    + " components in a scan");
        }
        at += length;
        Scan scan = new Scan(near, components, interleave == 2);
        at = scan.decode();
        for (int c : components) {
            decoded[c] = true;
        }
    }

    private int indexOf(int componentId) throws UnsupportedPixelDataException {
        for (int i = 0; i < componentIds.length; i++) {
            if (componentIds[i] == componentId) {
                return i;
            }
        }
        throw new UnsupportedPixelDataException("JPEG-LS scan names component " + componentId + ", absent from the frame");
    }

    private int u16(int i) {
        return (data[i] & 0xFF) << 8 | (data[i + 1] & 0xFF);
    }

    /** One scan: its coding parameters, contexts and entropy-coded data (T.87 Annex A). */
    private final class Scan {

        private final int near;
        private final int[] components;
        private final boolean sampleInterleaved;
        private final int maxVal;
        private final int t1;
        private final int t2;
        private final int t3;
        private final int reset;
        private final int range;
        private final int qbpp;
        private final int limit;
        private final int step;
        private final int[] a = new int[REGULAR_CONTEXTS + RUN_CONTEXTS];
        private final int[] b = new int[REGULAR_CONTEXTS];
        private final int[] c = new int[REGULAR_CONTEXTS];
        private final int[] n = new int[REGULAR_CONTEXTS + RUN_CONTEXTS];
        private final int[] nn = new int[RUN_CONTEXTS];
        private final int[] runIndex;
        private int runIndexNow;
        // bit reader over the entropy-coded segment (after an FF byte, the next carries 7 bits):
        // up to 63 bits ahead in cache, the low cacheBits of it unread
        private int position;
        private long cache;
        private int cacheBits;
        private boolean afterFF;

        Scan(int near, int[] components, boolean sampleInterleaved) throws UnsupportedPixelDataException {
            this.near = near;
            this.components = components;
            this.sampleInterleaved = sampleInterleaved;
            maxVal = presetMaxVal != 0 ? presetMaxVal : (1 << precision) - 1;
            if (near > Math.min(255, maxVal / 2)) {
                throw new UnsupportedPixelDataException("JPEG-LS NEAR " + near + " invalid for MAXVAL " + maxVal);
            }
            int[] defaults = defaultThresholds(maxVal, near);
            t1 = presetT1 != 0 ? presetT1 : defaults[0];
            t2 = presetT2 != 0 ? presetT2 : defaults[1];
            t3 = presetT3 != 0 ? presetT3 : defaults[2];
            reset = presetReset != 0 ? presetReset : 64;
            step = 2 * near + 1;
            range = (maxVal + 2 * near) / step + 1;
            qbpp = bitsFor(range);
            int bpp = Math.max(2, bitsFor(maxVal + 1));
            limit = 2 * (bpp + Math.max(8, bpp));
            int initialA = Math.max(2, (range + 32) / 64);
            java.util.Arrays.fill(a, initialA);
            java.util.Arrays.fill(n, 1);
            runIndex = new int[components.length];
            position = at;
        }

        /** Decodes every line; returns the position just after the entropy-coded data. */
        int decode() throws UnsupportedPixelDataException {
            int[][] previous = new int[components.length][columns + 2];
            int[][] current = new int[components.length][columns + 2];
            int stride = componentIds.length;
            for (int y = 0; y < rows; y++) {
                if (sampleInterleaved) {
                    runIndexNow = runIndex[0];
                    decodeLineSampleInterleaved(previous, current);
                    runIndex[0] = runIndexNow;
                }
                for (int i = 0; i < components.length; i++) {
                    int[] prev = previous[i];
                    int[] cur = current[i];
                    if (!sampleInterleaved) {
                        runIndexNow = runIndex[i];
                        decodeLine(prev, cur);
                        runIndex[i] = runIndexNow;
                    }
                    int component = components[i];
                    for (int x = 0, to = y * columns * stride + component; x < columns; x++, to += stride) {
                        samples[to] = cur[x + 1];
                    }
                    previous[i] = cur;
                    current[i] = prev;
                }
            }
            return position;
        }

        private void decodeLine(int[] prev, int[] cur) throws UnsupportedPixelDataException {
            cur[0] = prev[1];
            prev[columns + 1] = prev[columns];
            int x = 1;
            while (x <= columns) {
                int ra = cur[x - 1];
                int rb = prev[x];
                int rc = prev[x - 1];
                int rd = prev[x + 1];
                int d1 = rd - rb;
                int d2 = rb - rc;
                int d3 = rc - ra;
                if (Math.abs(d1) <= near && Math.abs(d2) <= near && Math.abs(d3) <= near) {
                    x = runMode(x, prev, cur);
                } else {
                    cur[x] = regular(quantize(d1) * 81 + quantize(d2) * 9 + quantize(d3), ra, rb, rc);
                    x++;
                }
            }
        }

        /**
         * A line of every component, pixel by pixel (ILV 2): contexts shared, run mode only where every
         * component's gradients are within NEAR; run interruptions coded per component in the RItype 0
         * context, from Rb (as CharLS, the codec dcmtk uses, writes them).
         */
        private void decodeLineSampleInterleaved(int[][] prev, int[][] cur) throws UnsupportedPixelDataException {
            int count = components.length;
            int[] contexts = new int[count];
            for (int i = 0; i < count; i++) {
                cur[i][0] = prev[i][1];
                prev[i][columns + 1] = prev[i][columns];
            }
            int x = 1;
            while (x <= columns) {
                boolean run = true;
                for (int i = 0; i < count; i++) {
                    int ra = cur[i][x - 1];
                    int rb = prev[i][x];
                    int rc = prev[i][x - 1];
                    int rd = prev[i][x + 1];
                    contexts[i] = quantize(rd - rb) * 81 + quantize(rb - rc) * 9 + quantize(rc - ra);
                    run &= contexts[i] == 0;
                }
                if (run) {
                    x = runModeSampleInterleaved(x, prev, cur);
                    continue;
                }
                for (int i = 0; i < count; i++) {
                    cur[i][x] = regular(contexts[i], cur[i][x - 1], prev[i][x], prev[i][x - 1]);
                }
                x++;
            }
        }

        private int runModeSampleInterleaved(int x, int[][] prev, int[][] cur) throws UnsupportedPixelDataException {
            int length = runLength(columns - x + 1);
            for (int[] line : cur) {
                int ra = line[x - 1];
                for (int i = 0; i < length; i++) {
                    line[x + i] = ra;
                }
            }
            x += length;
            if (x > columns) {
                return x;
            }
            for (int i = 0; i < components.length; i++) {
                int ra = cur[i][x - 1];
                int rb = prev[i][x];
                cur[i][x] = reconstruct(rb + interruption(0) * (rb - ra >= 0 ? 1 : -1) * step);
            }
            if (runIndexNow > 0) {
                runIndexNow--;
            }
            return x + 1;
        }

        /** A.7.1: the length of a run of at most {@code remaining} samples. */
        private int runLength(int remaining) throws UnsupportedPixelDataException {
            int length = 0;
            while (readBit() == 1) {
                int run = Math.min(1 << J[runIndexNow], remaining - length);
                length += run;
                if (run == 1 << J[runIndexNow] && runIndexNow < 31) {
                    runIndexNow++;
                }
                if (length == remaining) {
                    break;
                }
            }
            if (length != remaining && J[runIndexNow] > 0) {
                length += readBits(J[runIndexNow]);
            }
            if (length > remaining) {
                throw new UnsupportedPixelDataException("JPEG-LS run longer than its line");
            }
            return length;
        }

        private int quantize(int d) {
            if (d <= -t3) {
                return -4;
            } else if (d <= -t2) {
                return -3;
            } else if (d <= -t1) {
                return -2;
            } else if (d < -near) {
                return -1;
            } else if (d <= near) {
                return 0;
            } else if (d < t1) {
                return 1;
            } else if (d < t2) {
                return 2;
            } else if (d < t3) {
                return 3;
            }
            return 4;
        }

        /** A.4 to A.6: one sample in regular mode. */
        private int regular(int context, int ra, int rb, int rc) throws UnsupportedPixelDataException {
            int sign = 1;
            int q = context;
            if (q < 0) {
                sign = -1;
                q = -q;
            }
            int predicted;
            if (rc >= Math.max(ra, rb)) {
                predicted = Math.min(ra, rb);
            } else if (rc <= Math.min(ra, rb)) {
                predicted = Math.max(ra, rb);
            } else {
                predicted = ra + rb - rc;
            }
            predicted = clamp(predicted + sign * c[q]);
            int k = golombOrder(n[q], a[q]);
            int mapped = golomb(k, limit);
            int error = (mapped & 1) == 0 ? mapped >> 1 : -((mapped + 1) >> 1);
            if (near == 0 && k == 0 && 2 * b[q] <= -n[q]) {
                error = -error - 1; // A.5.2: the other mapping when the bias is negative
            }
            update(q, error);
            return reconstruct(predicted + sign * error * step);
        }

        private void update(int q, int error) {
            a[q] += Math.abs(error);
            b[q] += error * step;
            if (n[q] == reset) {
                a[q] >>= 1;
                b[q] >>= 1;
                n[q] >>= 1;
            }
            n[q]++;
            if (b[q] <= -n[q]) {
                b[q] += n[q];
                if (c[q] > -128) {
                    c[q]--;
                }
                if (b[q] <= -n[q]) {
                    b[q] = -n[q] + 1;
                }
            } else if (b[q] > 0) {
                b[q] -= n[q];
                if (c[q] < 127) {
                    c[q]++;
                }
                if (b[q] > 0) {
                    b[q] = 0;
                }
            }
        }

        /** A.7: a run of Ra from {@code x}, then the interruption sample unless the line ended. */
        private int runMode(int x, int[] prev, int[] cur) throws UnsupportedPixelDataException {
            int ra = cur[x - 1];
            int length = runLength(columns - x + 1);
            for (int i = 0; i < length; i++) {
                cur[x + i] = ra;
            }
            x += length;
            if (x > columns) {
                return x;
            }
            int rb = prev[x];
            if (Math.abs(ra - rb) <= near) {
                cur[x] = reconstruct(ra + interruption(1) * step);
            } else {
                cur[x] = reconstruct(rb + interruption(0) * (rb - ra >= 0 ? 1 : -1) * step);
            }
            if (runIndexNow > 0) {
                runIndexNow--;
            }
            return x + 1;
        }

        /** A.7.2: the prediction error of a run interruption sample of type {@code type}. */
        private int interruption(int type) throws UnsupportedPixelDataException {
            int q = REGULAR_CONTEXTS + type;
            int temp = type == 0 ? a[q] : a[q] + (n[q] >> 1);
            int k = golombOrder(n[q], temp);
            int mapped = golomb(k, limit - J[runIndexNow] - 1);
            int t = mapped + type;
            int map = t & 1;
            int magnitude = (t + map) >> 1;
            int error = ((k != 0 || 2 * nn[type] >= n[q]) == (map == 1)) ? -magnitude : magnitude;
            if (error < 0) {
                nn[type]++;
            }
            a[q] += (mapped + 1 - type) >> 1;
            if (n[q] == reset) {
                a[q] >>= 1;
                n[q] >>= 1;
                nn[type] >>= 1;
            }
            n[q]++;
            return error;
        }

        /** The sample from prediction plus error: modulo the range (near-lossless too), then clamped. */
        private int reconstruct(int value) {
            if (value < -near) {
                value += range * step;
            } else if (value > maxVal + near) {
                value -= range * step;
            }
            return clamp(value);
        }

        private int clamp(int value) {
            return value < 0 ? 0 : Math.min(value, maxVal);
        }

        /** The least k with N * 2^k >= A (in long: preset RESET values may make A large). */
        private static int golombOrder(int count, int accumulated) {
            int k = 0;
            while (k < 30 && ((long) count << k) < accumulated) {
                k++;
            }
            return k;
        }

        /** A.5.3: limited-length Golomb code of order k. */
        private int golomb(int k, int codeLimit) throws UnsupportedPixelDataException {
            int escape = codeLimit - qbpp - 1;
            int high = 0;
            while (true) {
                if (cacheBits == 0 && fill() == 0) {
                    throw new UnsupportedPixelDataException("JPEG-LS scan data truncated");
                }
                long unread = cache & ((1L << cacheBits) - 1);
                if (unread == 0) {
                    high += cacheBits;
                    cacheBits = 0;
                } else {
                    int zeros = Long.numberOfLeadingZeros(unread) - (64 - cacheBits);
                    high += zeros;
                    cacheBits -= zeros + 1;
                    break;
                }
                if (high > escape) {
                    break;
                }
            }
            if (high > escape) {
                throw new UnsupportedPixelDataException("JPEG-LS code longer than LIMIT: corrupt bitstream");
            }
            if (high == escape) {
                return readBits(qbpp) + 1;
            }
            return k == 0 ? high : (high << k) + readBits(k);
        }

        private int readBits(int count) throws UnsupportedPixelDataException {
            if (count == 0) {
                return 0;
            }
            if (cacheBits < count && fill() < count) {
                throw new UnsupportedPixelDataException("JPEG-LS scan data truncated");
            }
            cacheBits -= count;
            return (int) ((cache >>> cacheBits) & ((1L << count) - 1));
        }

        private int readBit() throws UnsupportedPixelDataException {
            return readBits(1);
        }

        /**
         * Reads whole bytes into the cache while it has room, up to the marker that ends the scan
         * (an FF followed by a byte with its high bit set, left unread); returns the bits available.
         */
        private int fill() {
            while (cacheBits <= 55 && position < data.length) {
                int next = data[position] & 0xFF;
                if (next == 0xFF && position + 1 < data.length && (data[position + 1] & 0xFF) >= 0x80) {
                    break; // a marker: the entropy-coded data ends here
                }
                int width = afterFF ? 7 : 8;
                if (afterFF && next >= 0x80) {
                    break; // corrupt: only a marker may follow FF with its high bit set
                }
                cache = cache << width | next;
                cacheBits += width;
                afterFF = next == 0xFF;
                position++;
            }
            return cacheBits;
        }
    }

    /** C.2.4.1.1.1: the default thresholds for MAXVAL and NEAR. */
    private static int[] defaultThresholds(int maxVal, int near) {
        int t1;
        int t2;
        int t3;
        if (maxVal >= 128) {
            int factor = (Math.min(maxVal, 4095) + 128) / 256;
            t1 = clampThreshold(factor * (3 - 2) + 2 + 3 * near, near + 1, maxVal);
            t2 = clampThreshold(factor * (7 - 3) + 3 + 5 * near, t1, maxVal);
            t3 = clampThreshold(factor * (21 - 4) + 4 + 7 * near, t2, maxVal);
        } else {
            int factor = 256 / (maxVal + 1);
            t1 = clampThreshold(Math.max(2, 3 / factor + 3 * near), near + 1, maxVal);
            t2 = clampThreshold(Math.max(3, 7 / factor + 5 * near), t1, maxVal);
            t3 = clampThreshold(Math.max(4, 21 / factor + 7 * near), t2, maxVal);
        }
        return new int[] {t1, t2, t3};
    }

    private static int clampThreshold(int value, int low, int maxVal) {
        return value > maxVal || value < low ? low : value;
    }

    /** The smallest b with 2^b >= value. */
    private static int bitsFor(int value) {
        int bitsNeeded = 0;
        while ((1 << bitsNeeded) < value) {
            bitsNeeded++;
        }
        return bitsNeeded;
    }
}

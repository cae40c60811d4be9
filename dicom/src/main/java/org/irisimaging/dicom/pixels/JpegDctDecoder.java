package org.irisimaging.dicom.pixels;

import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

/**
 * Sequential DCT JPEG decoder with Huffman coding (ITU-T T.81 processes 1, 2 and 4: baseline and
 * extended, 8 and 12 bits; transfer syntaxes 1.2.840.10008.1.2.4.50 and .51), written from the
 * standard because the JDK's reader takes 8-bit precision only and nothing the build can reach
 * decodes 12-bit JPEG (ADR 0022). Components come out as coded — no colour transform — at full
 * size (subsampled components are replicated). Interleaved and single-component scans, restart
 * intervals. Progressive, hierarchical, lossless and arithmetic-coded frames are refused.
 */
final class JpegDctDecoder {

    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63};
    /** cos[x][u] = C(u)/2 cos((2x+1)u pi/16): the separable 8x8 inverse DCT of A.3.3. */
    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                COS[x][u] = (u == 0 ? Math.sqrt(0.5) : 1.0) / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16);
            }
        }
    }

    private final byte[] data;
    private final int maxSamples;
    private int at;
    private final int[][] quantization = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int restartInterval;
    private int precision;
    private int width;
    private int height;
    private Component[] components;
    private int maxH;
    private int maxV;
    private int mcusX;
    private int mcusY;
    private boolean scanned;
    // entropy-coded data reader
    private int bits;
    private int bitCount;
    private boolean atMarker;

    private JpegDctDecoder(byte[] data, int maxSamples) {
        this.data = data;
        this.maxSamples = maxSamples;
    }

    private static final class Component {
        int id;
        int h;
        int v;
        int table;
        int blocksX;
        int blocksY;
        int[] samples; // blocksX*8 wide
        int dcTable;
        int acTable;
        int predictor;
    }

    /**
     * Decodes one bitstream (SOI … EOI) to unsigned samples of its precision, components interleaved;
     * a frame header declaring more than {@code maxSamples} samples is refused before any allocation.
     */
    static DecodedFrame decode(byte[] bitstream, int maxSamples) throws UnsupportedPixelDataException {
        try {
            return new JpegDctDecoder(bitstream, maxSamples).decodeFrame();
        } catch (RuntimeException e) {
            throw new UnsupportedPixelDataException("JPEG bitstream truncated or corrupt");
        }
    }

    /** The sample precision (P of the frame header) of a DCT JPEG bitstream, or -1 if none is found. */
    static int precision(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return jpeg[i + 4] & 0xFF;
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF));
        }
        return -1;
    }

    private DecodedFrame decodeFrame() throws UnsupportedPixelDataException {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            throw new UnsupportedPixelDataException("not a JPEG bitstream (no SOI)");
        }
        at = 2;
        while (true) {
            int marker = nextMarker();
            if (marker == 0xD9) {
                break;
            }
            int length = u16(at);
            switch (marker) {
                case 0xDB -> readQuantizationTables(at + 2, at + length);
                case 0xC4 -> readHuffmanTables(at + 2, at + length);
                case 0xDD -> restartInterval = u16(at + 2);
                case 0xC0, 0xC1 -> readFrameHeader(at + 2);
                case 0xDA -> {
                    readScan(at + 2);
                    continue; // at is past the entropy-coded data
                }
                default -> {
                    if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw new UnsupportedPixelDataException(String.format(
                                "JPEG process of frame marker FF%02X (progressive, lossless, hierarchical or arithmetic)"
                                        + " is not decoded", marker));
                    }
                }
            }
            at += length;
        }
        if (!scanned) {
            throw new UnsupportedPixelDataException("JPEG bitstream without a scan");
        }
        int[] out = new int[width * height * components.length];
        int max = (1 << precision) - 1;
        for (int c = 0; c < components.length; c++) {
            Component comp = components[c];
            int stride = comp.blocksX * 8;
            for (int y = 0; y < height; y++) {
                int sy = y * comp.v / maxV;
                for (int x = 0; x < width; x++) {
                    int sx = x * comp.h / maxH;
                    int value = comp.samples[sy * stride + sx];
                    out[(y * width + x) * components.length + c] = value < 0 ? 0 : Math.min(value, max);
                }
            }
        }
        return new DecodedFrame(width, height, components.length, precision, out);
    }

    private int nextMarker() throws UnsupportedPixelDataException {
        while (at + 1 < data.length) {
            if ((data[at] & 0xFF) == 0xFF && (data[at + 1] & 0xFF) != 0 && (data[at + 1] & 0xFF) != 0xFF) {
                int marker = data[at + 1] & 0xFF;
                at += 2;
                return marker;
            }
            at++;
        }
        throw new UnsupportedPixelDataException("JPEG bitstream ends without EOI");
    }

    private void readQuantizationTables(int from, int to) throws UnsupportedPixelDataException {
        int i = from;
        while (i < to) {
            int pq = (data[i] & 0xFF) >> 4;
            int tq = data[i] & 0x0F;
            if (tq > 3 || pq > 1) {
                throw new UnsupportedPixelDataException("JPEG quantization table invalid");
            }
            i++;
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[k] = pq == 0 ? data[i++] & 0xFF : u16(i);
                if (pq == 1) {
                    i += 2;
                }
            }
            quantization[tq] = table;
        }
    }

    private void readHuffmanTables(int from, int to) throws UnsupportedPixelDataException {
        int i = from;
        while (i < to) {
            int tc = (data[i] & 0xFF) >> 4;
            int th = data[i] & 0x0F;
            if (tc > 1 || th > 3) {
                throw new UnsupportedPixelDataException("JPEG Huffman table invalid");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = data[i + l] & 0xFF;
                total += counts[l];
            }
            int[] values = new int[total];
            for (int k = 0; k < total; k++) {
                values[k] = data[i + 17 + k] & 0xFF;
            }
            (tc == 0 ? dcTables : acTables)[th] = new Huffman(counts, values);
            i += 17 + total;
        }
    }

    private void readFrameHeader(int i) throws UnsupportedPixelDataException {
        precision = data[i] & 0xFF;
        height = u16(i + 1);
        width = u16(i + 3);
        int count = data[i + 5] & 0xFF;
        if ((precision != 8 && precision != 12) || width < 1 || height < 1 || count < 1 || count > 4) {
            throw new UnsupportedPixelDataException("JPEG frame: precision " + precision + ", " + width + "x" + height
                    + ", " + count + " components (height defined by DNL is not taken)");
        }
        components = new Component[count];
        for (int c = 0; c < count; c++) {
            Component comp = new Component();
            comp.id = data[i + 6 + 3 * c] & 0xFF;
            comp.h = (data[i + 7 + 3 * c] & 0xFF) >> 4;
            comp.v = data[i + 7 + 3 * c] & 0x0F;
            comp.table = data[i + 8 + 3 * c] & 0xFF;
            if (comp.h < 1 || comp.h > 4 || comp.v < 1 || comp.v > 4 || comp.table > 3) {
                throw new UnsupportedPixelDataException("JPEG component sampling or table invalid");
            }
            maxH = Math.max(maxH, comp.h);
            maxV = Math.max(maxV, comp.v);
            components[c] = comp;
        }
        mcusX = (width + 8 * maxH - 1) / (8 * maxH);
        mcusY = (height + 8 * maxV - 1) / (8 * maxV);
        if ((long) width * height * count > maxSamples) {
            throw new UnsupportedPixelDataException("JPEG frame header declares " + width + "x" + height + "x" + count
                    + ": more samples than the image has");
        }
        for (Component comp : components) {
            comp.blocksX = mcusX * comp.h;
            comp.blocksY = mcusY * comp.v;
            comp.samples = new int[comp.blocksX * comp.blocksY * 64];
        }
    }

    private void readScan(int i) throws UnsupportedPixelDataException {
        if (components == null) {
            throw new UnsupportedPixelDataException("JPEG scan before the frame header");
        }
        int length = u16(i - 2);
        int count = data[i] & 0xFF;
        Component[] scan = new Component[count];
        for (int s = 0; s < count; s++) {
            int id = data[i + 1 + 2 * s] & 0xFF;
            for (Component comp : components) {
                if (comp.id == id) {
                    scan[s] = comp;
                }
            }
            if (scan[s] == null || quantization[scan[s].table] == null) {
                throw new UnsupportedPixelDataException("JPEG scan component " + id + " unknown or without its table");
            }
            scan[s].dcTable = (data[i + 2 + 2 * s] & 0xFF) >> 4;
            scan[s].acTable = data[i + 2 + 2 * s] & 0x0F;
            if (scan[s].dcTable > 3 || scan[s].acTable > 3 || dcTables[scan[s].dcTable] == null
                    || acTables[scan[s].acTable] == null) {
                throw new UnsupportedPixelDataException("JPEG scan names a Huffman table not defined");
            }
            scan[s].predictor = 0;
        }
        at = i - 2 + length;
        bitCount = 0;
        atMarker = false;
        int[] block = new int[64];
        int mcus;
        int perRow;
        if (count == 1) {
            Component comp = scan[0];
            perRow = (((width * comp.h + maxH - 1) / maxH) + 7) / 8;
            int rowsOfBlocks = (((height * comp.v + maxV - 1) / maxV) + 7) / 8;
            mcus = perRow * rowsOfBlocks;
        } else {
            perRow = mcusX;
            mcus = mcusX * mcusY;
        }
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
                restart(scan);
            }
            int mx = m % perRow;
            int my = m / perRow;
            if (count == 1) {
                decodeBlock(scan[0], block);
                store(scan[0], block, mx, my);
            } else {
                for (Component comp : scan) {
                    for (int v = 0; v < comp.v; v++) {
                        for (int h = 0; h < comp.h; h++) {
                            decodeBlock(comp, block);
                            store(comp, block, mx * comp.h + h, my * comp.v + v);
                        }
                    }
                }
            }
        }
        scanned = true;
    }

    private void restart(Component[] scan) throws UnsupportedPixelDataException {
        bitCount = 0;
        atMarker = false;
        while (at + 1 < data.length && !((data[at] & 0xFF) == 0xFF && (data[at + 1] & 0xF8) == 0xD0)) {
            at++;
        }
        if (at + 1 >= data.length) {
            throw new UnsupportedPixelDataException("JPEG restart marker missing");
        }
        at += 2;
        for (Component comp : scan) {
            comp.predictor = 0;
        }
    }

    private void decodeBlock(Component comp, int[] block) throws UnsupportedPixelDataException {
        java.util.Arrays.fill(block, 0);
        int[] q = quantization[comp.table];
        int t = dcTables[comp.dcTable].decode(this);
        if (t > 16) {
            throw new UnsupportedPixelDataException("JPEG DC difference category " + t + " invalid");
        }
        comp.predictor += t == 0 ? 0 : extend(receive(t), t);
        block[0] = comp.predictor * q[0];
        for (int k = 1; k < 64; ) {
            int rs = acTables[comp.acTable].decode(this);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                throw new UnsupportedPixelDataException("JPEG AC coefficients past the block");
            }
            block[ZIGZAG[k]] = extend(receive(s), s) * q[k];
            k++;
        }
    }

    /** Inverse DCT (A.3.3), level shift and store at block (bx, by) of the component. */
    private void store(Component comp, int[] block, int bx, int by) {
        if (bx >= comp.blocksX || by >= comp.blocksY) {
            return;
        }
        double[] tmp = new double[64];
        for (int v = 0; v < 8; v++) {
            for (int x = 0; x < 8; x++) {
                double sum = 0;
                for (int u = 0; u < 8; u++) {
                    sum += COS[x][u] * block[v * 8 + u];
                }
                tmp[v * 8 + x] = sum;
            }
        }
        int shift = 1 << (precision - 1);
        int stride = comp.blocksX * 8;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double sum = 0;
                for (int v = 0; v < 8; v++) {
                    sum += COS[y][v] * tmp[v * 8 + x];
                }
                comp.samples[(by * 8 + y) * stride + bx * 8 + x] = (int) Math.round(sum) + shift;
            }
        }
    }

    private int receive(int count) throws UnsupportedPixelDataException {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 1 | readBit();
        }
        return value;
    }

    private static int extend(int value, int count) {
        return value < 1 << (count - 1) ? value - (1 << count) + 1 : value;
    }

    int readBit() throws UnsupportedPixelDataException {
        if (bitCount == 0) {
            if (atMarker || at >= data.length) {
                bits = 0; // past the entropy-coded data: zeros, as decoders commonly do
            } else {
                bits = data[at] & 0xFF;
                if (bits == 0xFF) {
                    int next = at + 1 < data.length ? data[at + 1] & 0xFF : 0xD9;
                    if (next == 0) {
                        at += 2;
                    } else {
                        atMarker = true;
                        bits = 0;
                    }
                } else {
                    at++;
                }
            }
            bitCount = 8;
        }
        bitCount--;
        return (bits >> bitCount) & 1;
    }

    private int u16(int i) {
        return (data[i] & 0xFF) << 8 | (data[i + 1] & 0xFF);
    }

    /** A Huffman table as T.81 F.2.2.3 decodes it: MINCODE, MAXCODE and VALPTR per code length. */
    private static final class Huffman {
        private final int[] minCode = new int[17];
        private final int[] maxCode = new int[18];
        private final int[] valPtr = new int[17];
        private final int[] values;

        Huffman(int[] counts, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valPtr[l] = k;
                minCode[l] = code;
                code += counts[l];
                k += counts[l];
                maxCode[l] = counts[l] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(JpegDctDecoder in) throws UnsupportedPixelDataException {
            int code = in.readBit();
            int l = 1;
            while (code > maxCode[l]) {
                code = code << 1 | in.readBit();
                if (++l > 16) {
                    throw new UnsupportedPixelDataException("JPEG Huffman code not in its table: corrupt bitstream");
                }
            }
            return values[valPtr[l] + code - minCode[l]];
        }
    }
}

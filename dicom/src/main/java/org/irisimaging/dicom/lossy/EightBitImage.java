package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

/**
 * What the lossy tier encodes: each frame of native Pixel Data as 8-bit samples. Grayscale of 8
 * bits or fewer, unsigned, is taken as is (its rescale and window stay true); other grayscale goes
 * through {@link VoiTransform} to 8 bits; colour (RGB, YBR_FULL) becomes 8-bit RGB, keeping the
 * high bits of wider samples. Palette colour and subsampled native colour are refused.
 */
public final class EightBitImage {

    private final AttributeList list;
    private final int rows;
    private final int columns;
    private final int frames;
    private final int samplesPerPixel;
    private final int bitsAllocated;
    private final int bitsStored;
    private final boolean signed;
    private final String photometric;
    private final boolean windowed;
    private final byte[] bytes;
    private final short[] words;
    private double low;
    private double high;

    private EightBitImage(AttributeList list) throws UnsupportedPixelDataException, DicomException {
        this.list = list;
        rows = integer(list, TagFromName.Rows);
        columns = integer(list, TagFromName.Columns);
        samplesPerPixel = integer(list, TagFromName.SamplesPerPixel);
        bitsAllocated = integer(list, TagFromName.BitsAllocated);
        bitsStored = integer(list, TagFromName.BitsStored);
        int highBit = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.HighBit, -1);
        signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        photometric = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation).trim();
        frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new UnsupportedPixelDataException("Bits Allocated " + bitsAllocated + ": only 8 or 16");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit != bitsStored - 1) {
            throw new UnsupportedPixelDataException("Bits Stored " + bitsStored + ", High Bit " + highBit
                    + ": samples in the low bits are supported");
        }
        boolean grayscale = samplesPerPixel == 1 && (photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"));
        boolean colour = samplesPerPixel == 3 && (photometric.equals("RGB") || photometric.equals("YBR_FULL"));
        if (!grayscale && !colour) {
            throw new UnsupportedPixelDataException("Photometric Interpretation " + photometric + " with "
                    + samplesPerPixel + " samples: the lossy tier takes MONOCHROME1/2, RGB and YBR_FULL");
        }
        windowed = grayscale && (signed || bitsStored > 8);
        Attribute pixelData = list.get(TagFromName.PixelData);
        if (!(pixelData instanceof OtherByteAttribute) && !(pixelData instanceof OtherWordAttribute)) {
            throw new UnsupportedPixelDataException("Pixel Data is not native");
        }
        long needed = (long) rows * columns * samplesPerPixel * frames;
        if (bitsAllocated == 8) {
            bytes = pixelData instanceof OtherWordAttribute word ? word.getByteValues(false) : pixelData.getByteValues();
            words = null;
            if (bytes.length < needed) {
                throw new UnsupportedPixelDataException("Pixel Data holds " + bytes.length + " samples, the image needs " + needed);
            }
        } else {
            words = pixelData.getShortValues();
            bytes = null;
            if (words.length < needed) {
                throw new UnsupportedPixelDataException("Pixel Data holds " + words.length + " samples, the image needs " + needed);
            }
        }
    }

    /** The image of {@code list}, a data set with native Pixel Data. */
    public static EightBitImage of(AttributeList list) throws UnsupportedPixelDataException, DicomException {
        return new EightBitImage(list);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int frames() {
        return frames;
    }

    /** 1 (grayscale) or 3 (RGB). */
    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    /** Whether grayscale values went through the VOI transform (rescale and window then describe 8-bit values). */
    public boolean windowed() {
        return windowed;
    }

    /** Photometric Interpretation of the original: MONOCHROME1, MONOCHROME2, RGB or YBR_FULL. */
    String photometric() {
        return photometric;
    }

    /** Bytes per sample of the original native data, for the compression ratio. */
    long originalBytes() {
        return (long) rows * columns * samplesPerPixel * frames * (bitsAllocated / 8);
    }

    /**
     * Frame {@code f} (0-based) as 8-bit samples: {@code rows * columns} for grayscale, RGB
     * interleaved for colour.
     */
    public byte[] frame(int f) throws DicomException {
        int planeSize = rows * columns;
        int frameStart = f * planeSize * samplesPerPixel;
        int planar = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0);
        byte[] out = new byte[planeSize * samplesPerPixel];
        if (samplesPerPixel == 1) {
            int[] lut = windowed ? lookup(f) : null;
            int offset = signed ? 1 << (bitsStored - 1) : 0;
            for (int i = 0; i < planeSize; i++) {
                int stored = stored(frameStart + i);
                out[i] = (byte) (lut != null ? lut[stored + offset] : stored);
            }
            return out;
        }
        int shift = Math.max(0, bitsStored - 8);
        boolean ybr = photometric.equals("YBR_FULL");
        int[] c = new int[3];
        for (int i = 0; i < planeSize; i++) {
            for (int k = 0; k < 3; k++) {
                int at = frameStart + (planar == 1 ? k * planeSize + i : i * 3 + k);
                c[k] = stored(at) >> shift;
            }
            if (ybr) {
                toRgb(c);
            }
            for (int k = 0; k < 3; k++) {
                out[i * 3 + k] = (byte) c[k];
            }
        }
        return out;
    }

    /** Stored value at sample index {@code at}: unsigned, or sign-extended from Bits Stored. */
    private int stored(int at) {
        int raw = bytes != null ? bytes[at] & 0xFF : words[at] & 0xFFFF;
        int value = raw & ((1 << bitsStored) - 1);
        return signed && (value & (1 << (bitsStored - 1))) != 0 ? value - (1 << bitsStored) : value;
    }

    /** 8-bit output of every stored value of frame {@code f}, indexed by stored value + offset. */
    private int[] lookup(int f) throws DicomException {
        VoiTransform transform = VoiTransform.of(list, f, signed);
        if (!transform.hasVoi()) {
            modalityRange(transform);
        }
        int min = signed ? -(1 << (bitsStored - 1)) : 0;
        int[] lut = new int[1 << bitsStored];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = transform.toEightBits(min + i, low, high);
        }
        return lut;
    }

    /** Without a VOI: the range of modality values over all frames (computed once). */
    private void modalityRange(VoiTransform transform) {
        if (high > low) {
            return;
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        int count = rows * columns * frames;
        int minStored = Integer.MAX_VALUE;
        int maxStored = Integer.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            int s = stored(i);
            minStored = Math.min(minStored, s);
            maxStored = Math.max(maxStored, s);
        }
        for (int s : new int[]{minStored, maxStored}) { // a rescale or modality LUT may be decreasing
            double m = transform.modalityValue(s);
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        low = lo;
        high = hi;
    }

    /** PS3.3 C.7.6.3.1.2: YBR_FULL to RGB (the inverse of the JFIF transform), clamped, in place. */
    private static void toRgb(int[] ybr) {
        int y = ybr[0];
        int cb = ybr[1] - 128;
        int cr = ybr[2] - 128;
        ybr[0] = clamp(y + 1.402 * cr);
        ybr[1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
        ybr[2] = clamp(y + 1.772 * cb);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static int integer(AttributeList list, AttributeTag tag) throws UnsupportedPixelDataException {
        int value = Attribute.getSingleIntegerValueOrDefault(list, tag, -1);
        if (value < 1) {
            throw new UnsupportedPixelDataException("missing or invalid " + AttributeList.getDictionary().getNameFromTag(tag));
        }
        return value;
    }
}

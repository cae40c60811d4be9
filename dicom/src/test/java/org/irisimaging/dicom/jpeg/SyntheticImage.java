package org.irisimaging.dicom.jpeg;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.util.Arrays;
import java.util.Random;

/**
 * A synthetic image in DICOM native layout: {@code values} are the sample values as DICOM means
 * them (negative when signed), frame after frame, each frame in the order its planar
 * configuration says. Stored as one byte per sample when Bits Allocated is 8, else as 16-bit words
 * (signed values sign-extended, as modalities write them).
 */
public record SyntheticImage(String name, LosslessFrame frame, int frames, boolean signed, int[] values) {

    /** Fills one plane of one frame with values in [min, max]. */
    public interface Pattern {
        void fill(int[] plane, int rows, int columns, int min, int max, Random random);
    }

    public static SyntheticImage of(String name, LosslessFrame frame, int frames, boolean signed, Pattern pattern, long seed) {
        int p = frame.precision();
        int min = signed ? -(1 << (p - 1)) : 0;
        int max = signed ? (1 << (p - 1)) - 1 : (1 << p) - 1;
        Random random = new Random(seed);
        int planeSize = frame.rows() * frame.columns();
        int spp = frame.samplesPerPixel();
        int[] values = new int[frames * frame.sampleCount()];
        int[] plane = new int[planeSize];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < spp; c++) {
                pattern.fill(plane, frame.rows(), frame.columns(), min, max, random);
                for (int i = 0; i < planeSize; i++) {
                    int index = frame.planarConfiguration() == 1 ? c * planeSize + i : i * spp + c;
                    values[f * frame.sampleCount() + index] = plane[i];
                }
            }
        }
        return new SyntheticImage(name, frame, frames, signed, values);
    }

    public int bitsAllocated() {
        return frame.precision() <= 8 ? 8 : 16;
    }

    byte[] bytes() {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    short[] words() {
        short[] words = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            words[i] = (short) values[i];
        }
        return words;
    }

    /** The sample as a JPEG decoder returns it: the low P bits. */
    public int expected(int frameIndex, int component, int row, int column) {
        int planeSize = frame.rows() * frame.columns();
        int pixel = row * frame.columns() + column;
        int index = frame.planarConfiguration() == 1
                ? component * planeSize + pixel
                : pixel * frame.samplesPerPixel() + component;
        return values[frameIndex * frame.sampleCount() + index] & ((1 << frame.precision()) - 1);
    }

    /** Encodes frame {@code frameIndex} from the stored samples, bytes or words as DICOM would hold them. */
    byte[] encode(JpegLosslessEncoder encoder, int frameIndex) {
        int offset = frameIndex * frame.sampleCount();
        return bitsAllocated() == 8 ? encoder.encode(frame, bytes(), offset) : encoder.encode(frame, words(), offset);
    }

    /** A Secondary Capture data set (multi-frame when needed) with this image as native Pixel Data. */
    public AttributeList dataSet() throws DicomException {
        AttributeList list = new AttributeList();
        boolean multiFrame = frames > 1;
        string(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), multiFrame
                ? (frame.samplesPerPixel() == 3 ? "1.2.840.10008.5.1.4.1.1.7.4" : "1.2.840.10008.5.1.4.1.1.7.3")
                : "1.2.840.10008.5.1.4.1.1.7");
        string(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "2.25.1" + Math.abs((long) name.hashCode()));
        string(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), "2.25.2" + Math.abs((long) name.hashCode()));
        string(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), "2.25.3" + Math.abs((long) name.hashCode()));
        string(list, new CodeStringAttribute(TagFromName.Modality), "OT");
        string(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation),
                frame.samplesPerPixel() == 3 ? "RGB" : "MONOCHROME2");
        number(list, TagFromName.Rows, frame.rows());
        number(list, TagFromName.Columns, frame.columns());
        number(list, TagFromName.SamplesPerPixel, frame.samplesPerPixel());
        if (frame.samplesPerPixel() == 3) {
            number(list, TagFromName.PlanarConfiguration, frame.planarConfiguration());
        }
        number(list, TagFromName.BitsAllocated, bitsAllocated());
        number(list, TagFromName.BitsStored, frame.precision());
        number(list, TagFromName.HighBit, frame.precision() - 1);
        number(list, TagFromName.PixelRepresentation, signed ? 1 : 0);
        if (multiFrame) {
            Attribute numberOfFrames = new IntegerStringAttribute(TagFromName.NumberOfFrames);
            numberOfFrames.addValue(frames);
            list.put(numberOfFrames);
        }
        Attribute pixelData;
        if (bitsAllocated() == 8) {
            pixelData = new OtherByteAttribute(TagFromName.PixelData);
            byte[] bytes = bytes();
            pixelData.setValues(values.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1));
        } else {
            pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(words());
        }
        list.put(pixelData);
        return list;
    }

    private static void string(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

    private static void number(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute attribute = new UnsignedShortAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }

    @Override
    public String toString() {
        return name;
    }

    // Patterns.

    /** Uniformly random values over the whole range: every category up to P, poor compression. */
    public static final Pattern NOISE = (plane, rows, columns, min, max, random) -> {
        for (int i = 0; i < plane.length; i++) {
            plane[i] = min + (int) (random.nextDouble() * ((long) max - min + 1));
        }
    };

    /** A smooth diagonal ramp wrapping within the range: small differences. */
    public static final Pattern GRADIENT = (plane, rows, columns, min, max, random) -> {
        long span = (long) max - min + 1;
        int step = Math.max(1, (int) (span / 1024));
        int start = random.nextInt(1 << 10);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                plane[r * columns + c] = (int) (min + Math.floorMod(start + (long) (2 * r + 3 * c) * step, span));
            }
        }
    };

    /** One value everywhere: only category 0 after the first sample (a one-symbol table). */
    public static final Pattern CONSTANT = (plane, rows, columns, min, max, random) -> {
        Arrays.fill(plane, max);
    };

    /**
     * Jumps of every size: each sample moves from its left neighbour by about 2^k, k random in
     * 0..P, either way, staying in range; one sample in eight is a special value (min, max, middle,
     * 0, -1). At 16 bits the jumps between 0 and the middle (unsigned) or 0 and min (signed) are
     * differences of exactly 2^15, category 16.
     */
    public static final Pattern EXTREMES = (plane, rows, columns, min, max, random) -> {
        int bits = 32 - Integer.numberOfLeadingZeros(max - min);
        int middle = min + (max - min + 1) / 2;
        int[] specials = {min, max, middle, Math.max(min, 0), Math.max(min, Math.min(max, -1)), min + 1, max - 1};
        int previous = random.nextInt(2) == 0 ? min : max;
        for (int i = 0; i < plane.length; i++) {
            int value;
            if (random.nextInt(8) == 0) {
                value = specials[random.nextInt(specials.length)];
            } else {
                int k = random.nextInt(bits + 1);
                long jump = k == 0 ? 0 : (1L << (k - 1)) + (long) (random.nextDouble() * (1L << (k - 1)));
                long candidate = random.nextBoolean() ? previous + jump : previous - jump;
                if (candidate > max || candidate < min) {
                    candidate = candidate > max ? previous - jump : previous + jump;
                }
                value = (int) Math.max(min, Math.min(max, candidate));
            }
            plane[i] = value;
            previous = value;
        }
    };
}

package org.irisimaging.dicom.jpeg;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The frames of a data set's native (uncompressed) Pixel Data, each encoded as one JPEG lossless
 * bitstream, ready to be written as encapsulated Pixel Data (PS3.5 A.4) in transfer syntax
 * {@value JpegLosslessEncoder#TRANSFER_SYNTAX_UID}.
 *
 * <p>Taking the encoded frames into a data set is the caller's job: replace Pixel Data with
 * {@link #toPixelDataAttribute()}, set Planar Configuration to 0 for colour (PS3.5 8.2.1: JPEG
 * defines the component order, the attribute is then irrelevant and shall be 0), and write with
 * the transfer syntax above. Photometric Interpretation and the other image attributes stay as
 * they are: the encoding is lossless and applies no colour transform.
 */
public final class EncapsulatedFrames {

    /** Colour spaces whose native encoding has three full-resolution components. */
    private static final Set<String> FULL_COLOUR = Set.of("RGB", "YBR_FULL");

    private final List<byte[]> frames;

    private EncapsulatedFrames(List<byte[]> frames) {
        this.frames = List.copyOf(frames);
    }

    /**
     * Frames already encoded elsewhere (a lossy tier's baseline JPEG, or a received JPEG Lossless
     * SV1 bitstream kept as is), to be encapsulated the same way: Basic Offset Table, one fragment
     * per frame.
     */
    public static EncapsulatedFrames of(List<byte[]> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames");
        }
        return new EncapsulatedFrames(frames);
    }

    /**
     * Encodes every frame of the native Pixel Data of {@code dataSet}: Bits Allocated 8 or 16, Bits
     * Stored 2..16 in the low bits (High Bit = Bits Stored - 1), 1 sample per pixel, or 3 in RGB or
     * YBR_FULL. Precision P is Bits Stored.
     */
    public static EncapsulatedFrames encodeFrames(AttributeList dataSet)
            throws UnsupportedPixelDataException, DicomException {
        Attribute pixelData = dataSet.get(TagFromName.PixelData);
        if (pixelData == null) {
            throw new UnsupportedPixelDataException("no Pixel Data");
        }
        if (!(pixelData instanceof OtherByteAttribute) && !(pixelData instanceof OtherWordAttribute)) {
            throw new UnsupportedPixelDataException("Pixel Data is not native OB/OW: "
                    + pixelData.getClass().getSimpleName());
        }
        int bitsAllocated = integer(dataSet, TagFromName.BitsAllocated);
        LosslessFrame frame = frameOf(dataSet, bitsAllocated);
        int frameCount = Math.max(1, Attribute.getSingleIntegerValueOrDefault(dataSet, TagFromName.NumberOfFrames, 1));
        long needed = (long) frame.sampleCount() * frameCount;

        JpegLosslessEncoder encoder = new JpegLosslessEncoder();
        List<byte[]> encoded = new ArrayList<>(frameCount);
        if (bitsAllocated == 8) {
            byte[] samples = pixelData instanceof OtherWordAttribute word
                    ? word.getByteValues(false) // 8-bit samples read as OW (implicit VR): the file's byte order
                    : pixelData.getByteValues();
            requireLength(samples.length, needed);
            for (int f = 0; f < frameCount; f++) {
                encoded.add(encoder.encode(frame, samples, f * frame.sampleCount()));
            }
        } else {
            short[] samples = pixelData instanceof OtherWordAttribute
                    ? pixelData.getShortValues()
                    : littleEndianWords(pixelData.getByteValues());
            requireLength(samples.length, needed);
            for (int f = 0; f < frameCount; f++) {
                encoded.add(encoder.encode(frame, samples, f * frame.sampleCount()));
            }
        }
        return new EncapsulatedFrames(encoded);
    }

    /** The geometry and precision of each frame, from the Image Pixel module. */
    static LosslessFrame frameOf(AttributeList dataSet, int bitsAllocated) throws UnsupportedPixelDataException {
        int rows = integer(dataSet, TagFromName.Rows);
        int columns = integer(dataSet, TagFromName.Columns);
        int samplesPerPixel = integer(dataSet, TagFromName.SamplesPerPixel);
        int bitsStored = integer(dataSet, TagFromName.BitsStored);
        int highBit = integer(dataSet, TagFromName.HighBit);
        String photometric = Attribute.getSingleStringValueOrEmptyString(dataSet, TagFromName.PhotometricInterpretation).trim();
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new UnsupportedPixelDataException("Bits Allocated " + bitsAllocated + ": only 8 or 16");
        }
        if (bitsStored < 2 || bitsStored > bitsAllocated || highBit != bitsStored - 1) {
            throw new UnsupportedPixelDataException("Bits Stored " + bitsStored + ", High Bit " + highBit
                    + ": samples of 2.." + bitsAllocated + " bits in the low bits are supported");
        }
        if (samplesPerPixel == 3 && !FULL_COLOUR.contains(photometric)) {
            throw new UnsupportedPixelDataException("colour " + photometric + ": only RGB and YBR_FULL");
        }
        int planar = samplesPerPixel == 3 ? Attribute.getSingleIntegerValueOrDefault(dataSet, TagFromName.PlanarConfiguration, 0) : 0;
        try {
            return new LosslessFrame(rows, columns, samplesPerPixel, bitsStored, planar);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedPixelDataException(e.getMessage());
        }
    }

    private static int integer(AttributeList dataSet, AttributeTag tag) throws UnsupportedPixelDataException {
        int value = Attribute.getSingleIntegerValueOrDefault(dataSet, tag, -1);
        if (value < 0) {
            throw new UnsupportedPixelDataException("missing or invalid " + AttributeList.getDictionary().getNameFromTag(tag));
        }
        return value;
    }

    private static void requireLength(int available, long needed) throws UnsupportedPixelDataException {
        if (available < needed) {
            throw new UnsupportedPixelDataException("Pixel Data holds " + available + " samples, the image needs " + needed);
        }
    }

    private static short[] littleEndianWords(byte[] bytes) {
        short[] words = new short[bytes.length / 2];
        for (int i = 0; i < words.length; i++) {
            words[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        }
        return words;
    }

    /** The JPEG bitstream of each frame, in frame order. */
    public List<byte[]> frames() {
        return frames;
    }

    /**
     * Encapsulated Pixel Data (PS3.5 A.4): OB of undefined length, a Basic Offset Table with the
     * offset of each frame, one fragment per frame padded to even length, then the sequence
     * delimiter. Written by PixelMed in an explicit VR little endian data set.
     */
    public Attribute toPixelDataAttribute() {
        return new WithOffsetTable(frames.toArray(byte[][]::new));
    }

    /**
     * PixelMed's encapsulated Pixel Data writes an empty Basic Offset Table; this one fills it, so
     * that a reader can seek to any frame.
     */
    private static final class WithOffsetTable extends OtherByteAttributeMultipleCompressedFrames {

        private static final int ITEM_HEADER = 8;

        WithOffsetTable(byte[][] frames) {
            super(TagFromName.PixelData, frames);
        }

        @Override
        public void write(DicomOutputStream out) throws DicomException, IOException {
            writeBase(out);
            writeItemTag(out, 4L * frames.length);
            long offset = 0;
            for (byte[] frame : frames) {
                out.writeUnsigned32(offset);
                offset += ITEM_HEADER + padded(frame.length);
            }
            for (byte[] frame : frames) {
                writeItemTag(out, padded(frame.length));
                out.write(frame);
                if (frame.length % 2 != 0) {
                    out.write(0); // PS3.5 A.4: fragments have even length; JPEG allows trailing padding after EOI
                }
            }
            writeSequenceDelimitationItemTag(out);
        }

        @Override
        public long getLengthOfEntireEncodedAttribute(boolean explicit, boolean bigEndian) throws DicomException {
            return super.getLengthOfEntireEncodedAttribute(explicit, bigEndian) + 4L * frames.length;
        }

        private static long padded(int length) {
            return length + (length & 1);
        }
    }
}

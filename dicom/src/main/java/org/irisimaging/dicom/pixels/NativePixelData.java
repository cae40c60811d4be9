package org.irisimaging.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

import java.awt.image.Raster;
import java.util.Arrays;
import java.util.List;

/**
 * Pixel Data made native whatever it arrived as, so that one encoder per tier takes every input:
 * native data as is, RLE Lossless by {@link RleDecoder}, JPEG Lossless (.57, .70) by PixelMed's
 * codec. The result keeps every attribute of the original; Pixel Data becomes OB (Bits Allocated 8)
 * or OW (16) in the layout a native little endian data set has, colour interleaved (Planar
 * Configuration 0), Photometric Interpretation unchanged (these codecs apply no colour transform).
 * Lossy encodings are refused: their samples are never re-encoded (ADR 0016).
 */
public final class NativePixelData {

    private NativePixelData() {
    }

    /**
     * The data set {@code list}, read with its Pixel Data as encoded (as {@code DicomFile} reads it)
     * in transfer syntax {@code transferSyntaxUid}, with native Pixel Data. Returns {@code list}
     * itself when it is already native, else a copy.
     *
     * @throws UnsupportedPixelDataException when the encoding is lossy, has no decoder here, or the
     *                                       data does not decode to the image its attributes describe
     */
    public static AttributeList decode(AttributeList list, String transferSyntaxUid)
            throws UnsupportedPixelDataException, DicomException {
        PixelEncoding encoding = PixelEncoding.of(transferSyntaxUid);
        if (encoding == PixelEncoding.NATIVE) {
            return list;
        }
        if (!encoding.decodable()) {
            throw new UnsupportedPixelDataException("no decoder for transfer syntax " + transferSyntaxUid
                    + (encoding.lossy() ? " (lossy: not re-encoded)" : ""));
        }
        List<byte[]> frames = encapsulatedFrames(list);
        int rows = integer(list, TagFromName.Rows);
        int columns = integer(list, TagFromName.Columns);
        int samplesPerPixel = integer(list, TagFromName.SamplesPerPixel);
        int bitsAllocated = integer(list, TagFromName.BitsAllocated);
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new UnsupportedPixelDataException("Samples per Pixel " + samplesPerPixel + ": only 1 or 3");
        }
        int frameSize = rows * columns * samplesPerPixel;
        Attribute pixelData;
        if (bitsAllocated == 8) {
            byte[] samples = new byte[frameSize * frames.size() + (frameSize * frames.size()) % 2];
            for (int f = 0; f < frames.size(); f++) {
                if (encoding == PixelEncoding.RLE_LOSSLESS) {
                    new RleDecoder(rows, columns, samplesPerPixel, 8).decode(frames.get(f), samples, f * frameSize);
                } else {
                    copy(decodeJpeg(frames.get(f), rows, columns, samplesPerPixel), f * frameSize,
                            (i, v) -> samples[i] = (byte) v);
                }
            }
            pixelData = new OtherByteAttribute(TagFromName.PixelData);
            pixelData.setValues(samples);
        } else if (bitsAllocated == 16) {
            short[] samples = new short[frameSize * frames.size()];
            for (int f = 0; f < frames.size(); f++) {
                if (encoding == PixelEncoding.RLE_LOSSLESS) {
                    new RleDecoder(rows, columns, samplesPerPixel, 16).decode(frames.get(f), samples, f * frameSize);
                } else {
                    copy(decodeJpeg(frames.get(f), rows, columns, samplesPerPixel), f * frameSize,
                            (i, v) -> samples[i] = (short) v);
                }
            }
            pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(samples);
        } else {
            throw new UnsupportedPixelDataException("Bits Allocated " + bitsAllocated + ": only 8 or 16 are decoded");
        }
        AttributeList decoded = (AttributeList) list.clone();
        decoded.put(pixelData);
        if (samplesPerPixel == 3) {
            Attribute planar = new UnsignedShortAttribute(TagFromName.PlanarConfiguration);
            planar.addValue(0);
            decoded.put(planar);
        }
        return decoded;
    }

    /**
     * The bitstream of each frame of encapsulated Pixel Data, in frame order, exactly as received.
     *
     * @throws UnsupportedPixelDataException if Pixel Data is not encapsulated, or its fragments do
     *                                       not give one bitstream per frame
     */
    public static List<byte[]> encapsulatedFrames(AttributeList list) throws UnsupportedPixelDataException {
        if (!(list.get(TagFromName.PixelData) instanceof OtherByteAttributeMultipleCompressedFrames encapsulated)) {
            throw new UnsupportedPixelDataException("Pixel Data is not encapsulated");
        }
        byte[][] frames = encapsulated.getFrames();
        int expected = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
        if (frames == null || frames.length != expected) {
            throw new UnsupportedPixelDataException("encapsulated Pixel Data holds " + (frames == null ? 0 : frames.length)
                    + " frames, Number of Frames says " + expected);
        }
        return Arrays.asList(frames);
    }

    /**
     * Whether every frame is a JPEG Lossless process 14 bitstream with selection value 1: what the
     * lossless tier stores, so such an original needs no re-encoding.
     */
    public static boolean isJpegLosslessSv1(List<byte[]> frames) {
        return !frames.isEmpty() && frames.stream().allMatch(f -> JpegLosslessReader.selectionValue(f) == 1);
    }

    private interface SampleSink {
        void put(int index, int value);
    }

    private static Raster decodeJpeg(byte[] frame, int rows, int columns, int samplesPerPixel)
            throws UnsupportedPixelDataException {
        Raster raster = JpegLosslessReader.decode(frame);
        if (raster.getWidth() != columns || raster.getHeight() != rows || raster.getNumBands() != samplesPerPixel) {
            throw new UnsupportedPixelDataException("JPEG frame is " + raster.getWidth() + "x" + raster.getHeight()
                    + "x" + raster.getNumBands() + ", the image is " + columns + "x" + rows + "x" + samplesPerPixel);
        }
        return raster;
    }

    /** Interleaves the raster's bands into the native layout from {@code offset}. */
    private static void copy(Raster raster, int offset, SampleSink sink) {
        int bands = raster.getNumBands();
        int[] pixel = new int[bands];
        for (int y = 0, i = offset; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.getPixel(x, y, pixel);
                for (int c = 0; c < bands; c++) {
                    sink.put(i++, pixel[c]);
                }
            }
        }
    }

    private static int integer(AttributeList list, AttributeTag tag) throws UnsupportedPixelDataException {
        int value = Attribute.getSingleIntegerValueOrDefault(list, tag, -1);
        if (value < 1) {
            throw new UnsupportedPixelDataException("missing or invalid " + AttributeList.getDictionary().getNameFromTag(tag));
        }
        return value;
    }
}

package org.irisimaging.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
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
 * Pixel Data made native whatever it arrived as, so that one encoder per tier takes every input
 * and the gateway renders every image: native data as is, RLE Lossless by {@link RleDecoder}, JPEG
 * Lossless (.57, .70) by PixelMed's codec, JPEG-LS by {@link JpegLsDecoder}, JPEG 2000 by
 * jai-imageio ({@link Jpeg2000Reader}), DCT JPEG of 8 and 12 bits by {@link JpegDctDecoder}. The result keeps every attribute of the original; Pixel Data becomes OB (Bits Allocated 8)
 * or OW (16) in the layout a native little endian data set has, colour interleaved (Planar
 * Configuration 0), Photometric Interpretation unchanged (these codecs apply no colour transform).
 * {@link #decode} refuses lossy encodings: their samples are never re-encoded (ADR 0016);
 * {@link #decodeForViewing} takes them (ADR 0022).
 */
public final class NativePixelData {

    /** Decoded Pixel Data held at once, at most: 512 MiB (a 500-slice 512x512 16-bit enhanced CT is 262 MiB). */
    public static final long MAX_DECODED_BYTES = 512L << 20;

    private NativePixelData() {
    }

    /**
     * The data set {@code list}, read with its Pixel Data as encoded (as {@code DicomFile} reads it)
     * in transfer syntax {@code transferSyntaxUid}, with native Pixel Data. Returns {@code list}
     * itself when it is already native, else a copy. Lossless encodings only: what renditions are
     * made from.
     *
     * @throws UnsupportedPixelDataException when the encoding is lossy, has no decoder here, or the
     *                                       data does not decode to the image its attributes describe
     */
    public static AttributeList decode(AttributeList list, String transferSyntaxUid)
            throws UnsupportedPixelDataException, DicomException {
        return decode(list, transferSyntaxUid, false);
    }

    /**
     * As {@link #decode}, lossy encodings included (JPEG baseline/extended 8 and 12 bits, JPEG-LS
     * near-lossless, JPEG 2000): for rendered images and uncompressed retrieval, never for a
     * rendition. Colour comes out as RGB where it was coded as YCbCr: JPEG 2000 (its component
     * transform undone by the codec), DCT JPEG in YBR_FULL or YBR_FULL_422 (converted here, 4:2:2
     * chroma replicated); Photometric Interpretation says so.
     */
    public static AttributeList decodeForViewing(AttributeList list, String transferSyntaxUid)
            throws UnsupportedPixelDataException, DicomException {
        return decode(list, transferSyntaxUid, true);
    }

    private static AttributeList decode(AttributeList list, String transferSyntaxUid, boolean lossyToo)
            throws UnsupportedPixelDataException, DicomException {
        PixelEncoding encoding = PixelEncoding.of(transferSyntaxUid);
        if (encoding == PixelEncoding.NATIVE) {
            return list;
        }
        if (lossyToo ? !encoding.viewable() : !encoding.decodable()) {
            throw new UnsupportedPixelDataException("no decoder for transfer syntax " + transferSyntaxUid
                    + (encoding.lossy() && encoding.viewable() ? " (lossy: not re-encoded)" : ""));
        }
        List<byte[]> frames = encapsulatedFrames(list);
        int rows = integer(list, TagFromName.Rows);
        int columns = integer(list, TagFromName.Columns);
        int samplesPerPixel = integer(list, TagFromName.SamplesPerPixel);
        int bitsAllocated = integer(list, TagFromName.BitsAllocated);
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new UnsupportedPixelDataException("Samples per Pixel " + samplesPerPixel + ": only 1 or 3");
        }
        if ((long) rows * columns * samplesPerPixel * frames.size() * (bitsAllocated / 8) > MAX_DECODED_BYTES) {
            throw new UnsupportedPixelDataException("more than " + (MAX_DECODED_BYTES >> 20)
                    + " MiB of pixel data once decoded: not decoded in memory");
        }
        int frameSize = rows * columns * samplesPerPixel;
        String photometric = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation);
        // DCT JPEG colour coded as YCbCr is given as RGB, as dcmdjpeg and PixelMed do by default
        boolean toRgb = encoding == PixelEncoding.JPEG_LOSSY && samplesPerPixel == 3
                && (photometric.equals("YBR_FULL") || photometric.equals("YBR_FULL_422"));
        Attribute pixelData;
        if (bitsAllocated == 8) {
            byte[] samples = new byte[frameSize * frames.size() + (frameSize * frames.size()) % 2];
            for (int f = 0; f < frames.size(); f++) {
                if (encoding == PixelEncoding.RLE_LOSSLESS) {
                    new RleDecoder(rows, columns, samplesPerPixel, 8).decode(frames.get(f), samples, f * frameSize);
                } else {
                    int[] decoded = samples(decodeFrame(encoding, frames.get(f), rows, columns, samplesPerPixel, 8), toRgb);
                    for (int i = 0, o = f * frameSize; i < frameSize; i++) {
                        samples[o + i] = (byte) decoded[i];
                    }
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
                    int[] decoded = samples(decodeFrame(encoding, frames.get(f), rows, columns, samplesPerPixel, 16), toRgb);
                    for (int i = 0, o = f * frameSize; i < frameSize; i++) {
                        samples[o + i] = (short) decoded[i];
                    }
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
            String after = switch (encoding) {
                case JPEG_2000, JPEG_2000_LOSSLESS -> photometric.startsWith("YBR_") ? "RGB" : photometric;
                case JPEG_LOSSY -> toRgb ? "RGB" : photometric;
                default -> photometric;
            };
            if (!after.equals(photometric)) {
                Attribute pi = new CodeStringAttribute(TagFromName.PhotometricInterpretation);
                pi.addValue(after);
                decoded.put(pi);
            }
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

    /** One frame of a codec other than RLE, checked against the image's attributes. */
    private static DecodedFrame decodeFrame(PixelEncoding encoding, byte[] bitstream, int rows, int columns,
                                            int samplesPerPixel, int bitsAllocated) throws UnsupportedPixelDataException {
        DecodedFrame frame = switch (encoding) {
            case JPEG_LOSSLESS -> fromRaster(JpegLosslessReader.decode(bitstream));
            case JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS -> JpegLsDecoder.decode(bitstream, rows * columns * samplesPerPixel);
            case JPEG_2000, JPEG_2000_LOSSLESS -> fromRaster(Jpeg2000Reader.decode(bitstream, rows * columns * samplesPerPixel));
            case JPEG_LOSSY -> JpegDctDecoder.decode(bitstream, rows * columns * samplesPerPixel);
            default -> throw new UnsupportedPixelDataException("no decoder for " + encoding);
        };
        if (frame.columns() != columns || frame.rows() != rows || frame.components() != samplesPerPixel) {
            throw new UnsupportedPixelDataException("compressed frame is " + frame.columns() + "x" + frame.rows()
                    + "x" + frame.components() + ", the image is " + columns + "x" + rows + "x" + samplesPerPixel);
        }
        if (frame.precision() > bitsAllocated) {
            throw new UnsupportedPixelDataException("compressed frame has " + frame.precision()
                    + "-bit samples, Bits Allocated is " + bitsAllocated);
        }
        return frame;
    }

    /**
     * The frame's samples, YCbCr made RGB when asked (PS3.3 C.7.6.3.1.2, the JFIF equations, centred
     * on 2^(P-1) for 12-bit data).
     */
    private static int[] samples(DecodedFrame frame, boolean toRgb) {
        int[] s = frame.samples();
        if (!toRgb) {
            return s;
        }
        int max = (1 << frame.precision()) - 1;
        double centre = 1 << (frame.precision() - 1);
        for (int i = 0; i + 2 < s.length; i += 3) {
            double y = s[i];
            double cb = s[i + 1] - centre;
            double cr = s[i + 2] - centre;
            s[i] = clamp(y + 1.402 * cr, max);
            s[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr, max);
            s[i + 2] = clamp(y + 1.772 * cb, max);
        }
        return s;
    }

    private static int clamp(double value, int max) {
        long rounded = Math.round(value);
        return (int) Math.max(0, Math.min(max, rounded));
    }

    /** A raster's bands interleaved per pixel; precision 0: a raster's sample size need not be the data's. */
    private static DecodedFrame fromRaster(Raster raster) {
        int bands = raster.getNumBands();
        int[] samples = raster.getPixels(raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(),
                (int[]) null);
        return new DecodedFrame(raster.getWidth(), raster.getHeight(), bands, 0, samples);
    }

    private static int integer(AttributeList list, AttributeTag tag) throws UnsupportedPixelDataException {
        int value = Attribute.getSingleIntegerValueOrDefault(list, tag, -1);
        if (value < 1) {
            throw new UnsupportedPixelDataException("missing or invalid " + AttributeList.getDictionary().getNameFromTag(tag));
        }
        return value;
    }
}

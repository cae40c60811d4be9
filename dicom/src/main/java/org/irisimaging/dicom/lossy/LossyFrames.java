package org.irisimaging.dicom.lossy;

import org.irisimaging.dicom.TransferSyntaxes;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.irisimaging.dicom.jpeg.EncapsulatedFrames;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lossy tier's encoding of an image (ADR 0016): every frame as baseline 8-bit JPEG (process 1,
 * transfer syntax {@value #TRANSFER_SYNTAX_UID}) from its {@link EightBitImage}, and the attributes
 * that must change with it so that the data set tells the truth about its pixels.
 */
public final class LossyFrames {

    /** JPEG Baseline (Process 1). */
    public static final String TRANSFER_SYNTAX_UID = TransferSyntaxes.JPEG_BASELINE;
    /** Lossy Image Compression Method (0028,2114) of JPEG lossy compression (PS3.3 C.7.6.1.1.5.1). */
    public static final String METHOD = "ISO_10918_1";
    /** Photometric Interpretation of colour after the JFIF colour transform and 2x1 subsampling. */
    public static final String COLOUR_PHOTOMETRIC = "YBR_FULL_422";

    private static final AttributeTag SMALLEST_PIXEL_VALUE_IN_SERIES = new AttributeTag(0x0028, 0x0108);
    private static final AttributeTag LARGEST_PIXEL_VALUE_IN_SERIES = new AttributeTag(0x0028, 0x0109);
    /** Attributes holding values in the original's stored range and VR (US or SS): no longer true. */
    private static final List<AttributeTag> STORED_RANGE = List.of(TagFromName.SmallestImagePixelValue,
            TagFromName.LargestImagePixelValue, SMALLEST_PIXEL_VALUE_IN_SERIES, LARGEST_PIXEL_VALUE_IN_SERIES,
            TagFromName.PixelPaddingValue, TagFromName.PixelPaddingRangeLimit);

    private final EightBitImage image;
    private final List<byte[]> frames;

    private LossyFrames(EightBitImage image, List<byte[]> frames) {
        this.image = image;
        this.frames = List.copyOf(frames);
    }

    /**
     * Encodes every frame of the native Pixel Data of {@code dataSet} at {@code quality} (1..100).
     *
     * @throws UnsupportedPixelDataException for pixel data the lossy tier does not take
     */
    public static LossyFrames encodeFrames(AttributeList dataSet, int quality)
            throws UnsupportedPixelDataException, DicomException {
        EightBitImage image = EightBitImage.of(dataSet);
        BaselineJpegEncoder encoder = new BaselineJpegEncoder(quality);
        List<byte[]> frames = new ArrayList<>(image.frames());
        for (int f = 0; f < image.frames(); f++) {
            byte[] samples = image.frame(f);
            frames.add(image.samplesPerPixel() == 1
                    ? encoder.encodeGray(samples, image.rows(), image.columns())
                    : encoder.encodeRgb(samples, image.rows(), image.columns()));
        }
        return new LossyFrames(image, frames);
    }

    /** The baseline JPEG bitstream of each frame. */
    public List<byte[]> frames() {
        return frames;
    }

    /** Uncompressed size of the original's pixel data over the compressed size of these frames. */
    public double compressionRatio() {
        long compressed = frames.stream().mapToLong(f -> f.length).sum();
        return (double) image.originalBytes() / compressed;
    }

    /** Photometric Interpretation of the frames: the original's for grayscale, {@value #COLOUR_PHOTOMETRIC} for colour. */
    public String photometricInterpretation() {
        return image.samplesPerPixel() == 1 ? image.photometric() : COLOUR_PHOTOMETRIC;
    }

    /** Encapsulated Pixel Data with a Basic Offset Table, one fragment per frame. */
    public Attribute toPixelDataAttribute() {
        return EncapsulatedFrames.of(frames).toPixelDataAttribute();
    }

    /**
     * Makes {@code rendition} (a copy of the original data set: its attributes are replaced, never
     * modified in place) describe these frames: Pixel Data, the 8-bit Image Pixel attributes,
     * Photometric Interpretation, the Lossy Image Compression attributes (appended to earlier
     * ones) and, when grayscale was windowed to 8 bits, an identity rescale and window (ADR 0016).
     */
    public void describeIn(AttributeList rendition) throws DicomException {
        rendition.put(toPixelDataAttribute());
        put(rendition, new UnsignedShortAttribute(TagFromName.BitsAllocated), "8");
        put(rendition, new UnsignedShortAttribute(TagFromName.BitsStored), "8");
        put(rendition, new UnsignedShortAttribute(TagFromName.HighBit), "7");
        put(rendition, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "0");
        put(rendition, new CodeStringAttribute(TagFromName.PhotometricInterpretation), photometricInterpretation());
        if (image.samplesPerPixel() == 3) {
            put(rendition, new UnsignedShortAttribute(TagFromName.PlanarConfiguration), "0");
        }
        STORED_RANGE.forEach(rendition::remove);
        if (image.windowed()) {
            // enhanced objects keep their windows in functional groups only: none added at the top level
            boolean enhanced = rendition.get(TagFromName.SharedFunctionalGroupsSequence) != null
                    || rendition.get(TagFromName.PerFrameFunctionalGroupsSequence) != null;
            identityPipeline(rendition, !enhanced || rendition.get(TagFromName.WindowCenter) != null);
            for (AttributeTag groups : List.of(TagFromName.SharedFunctionalGroupsSequence,
                    TagFromName.PerFrameFunctionalGroupsSequence)) {
                if (rendition.get(groups) instanceof SequenceAttribute sequence) {
                    rendition.put(withIdentityPipeline(sequence));
                }
            }
        }
        boolean lossyBefore = "01".equals(
                Attribute.getSingleStringValueOrEmptyString(rendition, TagFromName.LossyImageCompression).trim());
        put(rendition, new CodeStringAttribute(TagFromName.LossyImageCompression), "01");
        appendValue(rendition, lossyBefore, new DecimalStringAttribute(TagFromName.LossyImageCompressionRatio),
                String.format(Locale.ROOT, "%.2f", compressionRatio()));
        appendValue(rendition, lossyBefore, new CodeStringAttribute(TagFromName.LossyImageCompressionMethod), METHOD);
    }

    /**
     * The 8-bit values are VOI output: Rescale Slope 1, Intercept 0 (where a modality transform
     * was), Rescale Type US (unspecified: they are no longer Hounsfield units), one window
     * center 128 / width 256, which is the identity for LINEAR (C.11.2.1.2.1); other VOI dropped.
     */
    private static void identityPipeline(AttributeList scope, boolean window) throws DicomException {
        boolean modality = scope.get(TagFromName.RescaleSlope) != null || scope.get(TagFromName.RescaleIntercept) != null
                || scope.get(VoiTransform.MODALITY_LUT_SEQUENCE) != null;
        scope.remove(VoiTransform.MODALITY_LUT_SEQUENCE);
        if (modality) {
            put(scope, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
            put(scope, new DecimalStringAttribute(TagFromName.RescaleIntercept), "0");
        }
        if (scope.get(TagFromName.RescaleType) != null) {
            put(scope, new LongStringAttribute(TagFromName.RescaleType), "US");
        }
        scope.remove(TagFromName.VOILUTSequence);
        scope.remove(TagFromName.VOILUTFunction);
        scope.remove(TagFromName.WindowCenterWidthExplanation);
        if (window) {
            put(scope, new DecimalStringAttribute(TagFromName.WindowCenter), "128");
            put(scope, new DecimalStringAttribute(TagFromName.WindowWidth), "256");
        }
    }

    /** A copy of a functional groups sequence whose transformation and VOI macros describe 8-bit values. */
    private static SequenceAttribute withIdentityPipeline(SequenceAttribute groups) throws DicomException {
        SequenceAttribute copy = new SequenceAttribute(groups.getTag());
        for (int i = 0; i < groups.getNumberOfItems(); i++) {
            AttributeList item = (AttributeList) groups.getItem(i).getAttributeList().clone();
            for (AttributeTag macro : List.of(TagFromName.PixelValueTransformationSequence, TagFromName.FrameVOILUTSequence)) {
                if (item.get(macro) instanceof SequenceAttribute sequence) {
                    SequenceAttribute rewritten = new SequenceAttribute(macro);
                    for (int j = 0; j < sequence.getNumberOfItems(); j++) {
                        AttributeList values = (AttributeList) sequence.getItem(j).getAttributeList().clone();
                        if (macro.equals(TagFromName.PixelValueTransformationSequence)) {
                            put(values, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
                            put(values, new DecimalStringAttribute(TagFromName.RescaleIntercept), "0");
                            put(values, new LongStringAttribute(TagFromName.RescaleType), "US");
                        } else {
                            values.remove(TagFromName.VOILUTFunction);
                            values.remove(TagFromName.WindowCenterWidthExplanation);
                            put(values, new DecimalStringAttribute(TagFromName.WindowCenter), "128");
                            put(values, new DecimalStringAttribute(TagFromName.WindowWidth), "256");
                        }
                        rewritten.addItem(values);
                    }
                    item.put(rewritten);
                }
            }
            copy.addItem(item);
        }
        return copy;
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

    /** PS3.3 C.7.6.1.1.5: each lossy step adds a value, in the order applied. */
    private static void appendValue(AttributeList list, boolean lossyBefore, Attribute attribute, String value)
            throws DicomException {
        Attribute existing = list.get(attribute.getTag());
        if (existing != null && lossyBefore) {
            for (String earlier : existing.getStringValues()) {
                attribute.addValue(earlier.trim());
            }
        }
        attribute.addValue(value);
        list.put(attribute);
    }
}

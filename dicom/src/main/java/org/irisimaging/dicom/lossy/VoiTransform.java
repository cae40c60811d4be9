package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.util.function.DoubleUnaryOperator;

/**
 * The grayscale pipeline of PS3.4 N.2 up to the VOI output, scaled to 8 bits: stored value →
 * Modality LUT (Rescale Slope/Intercept, or Modality LUT Sequence) → VOI (Window Center/Width with
 * its VOI LUT Function, else VOI LUT Sequence, else the data's own range) → 0..255. Each value is
 * the first one when the attribute has several (the modality's preferred window). Per-frame
 * functional groups (enhanced objects) take precedence over shared ones, which take precedence over
 * the top-level attributes. Polarity is not applied: MONOCHROME1 stays MONOCHROME1.
 */
final class VoiTransform {

    static final AttributeTag MODALITY_LUT_SEQUENCE = new AttributeTag(0x0028, 0x3000);

    /** Stored value to modality value. */
    private final DoubleUnaryOperator modality;
    /** Modality value to 0..255, or {@code null} when no VOI is given (the data's range is used). */
    private final DoubleUnaryOperator voi;

    private VoiTransform(DoubleUnaryOperator modality, DoubleUnaryOperator voi) {
        this.modality = modality;
        this.voi = voi;
    }

    /** The transform of frame {@code frame} (0-based) of {@code list}. */
    static VoiTransform of(AttributeList list, int frame, boolean signedStored) throws DicomException {
        AttributeList perFrame = functionalGroup(list, TagFromName.PerFrameFunctionalGroupsSequence, frame);
        AttributeList shared = functionalGroup(list, TagFromName.SharedFunctionalGroupsSequence, 0);
        DoubleUnaryOperator modality = null;
        for (AttributeList scope : new AttributeList[]{
                firstItem(perFrame, TagFromName.PixelValueTransformationSequence),
                firstItem(shared, TagFromName.PixelValueTransformationSequence), list}) {
            modality = scope == null ? null : modalityOf(scope, signedStored);
            if (modality != null) {
                break;
            }
        }
        DoubleUnaryOperator voi = null;
        for (AttributeList scope : new AttributeList[]{
                firstItem(perFrame, TagFromName.FrameVOILUTSequence),
                firstItem(shared, TagFromName.FrameVOILUTSequence), list}) {
            voi = scope == null ? null : voiOf(scope);
            if (voi != null) {
                break;
            }
        }
        return new VoiTransform(modality == null ? x -> x : modality, voi);
    }

    /** Whether a VOI was found; without one the caller maps the data's modality range linearly. */
    boolean hasVoi() {
        return voi != null;
    }

    double modalityValue(int stored) {
        return modality.applyAsDouble(stored);
    }

    /** The 8-bit output of {@code stored}; {@code low..high} is the fallback range of modality values. */
    int toEightBits(int stored, double low, double high) {
        double m = modality.applyAsDouble(stored);
        double y = voi != null ? voi.applyAsDouble(m) : high > low ? (m - low) / (high - low) * 255 : 0;
        return (int) Math.max(0, Math.min(255, Math.round(y)));
    }

    private static DoubleUnaryOperator modalityOf(AttributeList scope, boolean signedStored) throws DicomException {
        if (scope.get(MODALITY_LUT_SEQUENCE) instanceof SequenceAttribute sequence && sequence.getNumberOfItems() > 0) {
            LookupTable table = LookupTable.of(sequence.getItem(0).getAttributeList(), signedStored);
            if (table != null) {
                return table::apply;
            }
        }
        if (scope.get(TagFromName.RescaleSlope) == null && scope.get(TagFromName.RescaleIntercept) == null) {
            return null;
        }
        double slope = first(scope, TagFromName.RescaleSlope, 1);
        double intercept = first(scope, TagFromName.RescaleIntercept, 0);
        return x -> x * (slope == 0 ? 1 : slope) + intercept;
    }

    /** Window (C.11.2.1.2: LINEAR, LINEAR_EXACT, SIGMOID), else the first VOI LUT; {@code null} if neither. */
    private static DoubleUnaryOperator voiOf(AttributeList scope) throws DicomException {
        double center = first(scope, TagFromName.WindowCenter, Double.NaN);
        double width = first(scope, TagFromName.WindowWidth, Double.NaN);
        String function = Attribute.getSingleStringValueOrDefault(scope, TagFromName.VOILUTFunction, "LINEAR").trim();
        if (!Double.isNaN(center) && !Double.isNaN(width)) {
            switch (function) {
                case "LINEAR_EXACT":
                    if (width > 0) {
                        return x -> x <= center - width / 2 ? 0 : x > center + width / 2 ? 255 : ((x - center) / width + 0.5) * 255;
                    }
                    break;
                case "SIGMOID":
                    if (width > 0) {
                        return x -> 255 / (1 + Math.exp(-4 * (x - center) / width));
                    }
                    break;
                default:
                    if (width >= 1) {
                        return x -> x <= center - 0.5 - (width - 1) / 2 ? 0
                                : x > center - 0.5 + (width - 1) / 2 ? 255
                                : ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
                    }
            }
        }
        if (scope.get(TagFromName.VOILUTSequence) instanceof SequenceAttribute sequence && sequence.getNumberOfItems() > 0) {
            LookupTable table = LookupTable.of(sequence.getItem(0).getAttributeList(), true);
            if (table != null) {
                double scale = 255.0 / table.maximum();
                return x -> table.apply(x) * scale;
            }
        }
        return null;
    }

    private static AttributeList functionalGroup(AttributeList list, AttributeTag sequenceTag, int index) {
        if (list.get(sequenceTag) instanceof SequenceAttribute sequence && sequence.getNumberOfItems() > index) {
            return sequence.getItem(index).getAttributeList();
        }
        return null;
    }

    private static AttributeList firstItem(AttributeList scope, AttributeTag sequenceTag) {
        return scope == null ? null : functionalGroup(scope, sequenceTag, 0);
    }

    private static double first(AttributeList scope, AttributeTag tag, double otherwise) throws DicomException {
        Attribute attribute = scope.get(tag);
        if (attribute == null || attribute.getVM() < 1) {
            return otherwise;
        }
        try {
            return attribute.getDoubleValues()[0];
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}

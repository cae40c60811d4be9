package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grayscale to 8 bits: the modality transform, then the VOI the instance gives (window with its
 * function, VOI LUT, per-frame functional groups), else its own range; MONOCHROME1 keeps its
 * polarity; and the attributes rewritten so that a viewer displays the 8-bit values as intended.
 */
class EightBitImageTest {

    @Test
    void theFirstWindowMapsLinearlyAndClamps() throws Exception {
        AttributeList list = gray(12, false, "MONOCHROME2", 0, 899, 900, 1000, 1100, 1101, 4095);
        Attributes.put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "1000", "500");
        Attributes.put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "201", "10");
        // C.11.2.1.2.1: below c - 0.5 - (w-1)/2 = 899.5 is 0, above c - 0.5 + (w-1)/2 = 1099.5 is 255
        assertArrayEquals(new int[]{0, 0, 1, 128, 255, 255, 255}, eightBits(list, 0));
    }

    @Test
    void theRescaleComesBeforeTheWindow() throws Exception {
        AttributeList ct = gray(12, false, "MONOCHROME2", 864, 1064, 1264);
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.WindowCenter), "40");
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.WindowWidth), "400");
        assertArrayEquals(new int[]{0, 128, 255}, eightBits(ct, 0), "-160, 40 and 240 HU in a 40/400 window");
    }

    @Test
    void sigmoidAndLinearExactWindowsFollowTheirFunction() throws Exception {
        AttributeList list = gray(12, false, "MONOCHROME2", 900, 1000, 1100);
        Attributes.put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "1000");
        Attributes.put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "200");
        Attributes.put(list, new CodeStringAttribute(TagFromName.VOILUTFunction), "SIGMOID");
        // 255 / (1 + exp(-4 (x - c) / w)): 30.4, 127.5, 224.6
        assertArrayEquals(new int[]{30, 128, 225}, eightBits(list, 0));
        Attributes.put(list, new CodeStringAttribute(TagFromName.VOILUTFunction), "LINEAR_EXACT");
        assertArrayEquals(new int[]{0, 128, 255}, eightBits(list, 0));
    }

    @Test
    void aVoiLutSequenceIsUsedWhenThereIsNoWindow() throws Exception {
        AttributeList list = gray(12, false, "MONOCHROME2", 99, 100, 101, 103, 200);
        AttributeList lut = new AttributeList();
        Attributes.put(lut, new UnsignedShortAttribute(TagFromName.LUTDescriptor), "4", "100", "8");
        Attributes.put(lut, new UnsignedShortAttribute(TagFromName.LUTData), "0", "85", "170", "255");
        SequenceAttribute voi = new SequenceAttribute(TagFromName.VOILUTSequence);
        voi.addItem(lut);
        list.put(voi);
        assertArrayEquals(new int[]{0, 0, 85, 255, 255}, eightBits(list, 0));
    }

    @Test
    void withoutVoiTheDataRangeIsStretchedSignedOrNot() throws Exception {
        assertArrayEquals(new int[]{0, 128, 255}, eightBits(gray(12, false, "MONOCHROME2", 100, 150, 200), 0));
        assertArrayEquals(new int[]{0, 128, 255}, eightBits(gray(16, true, "MONOCHROME2", -1000, 0, 1000), 0));
        assertArrayEquals(new int[]{0, 128, 255}, eightBits(gray(8, true, "MONOCHROME2", -100, 0, 100), 0));
    }

    @Test
    void monochrome1KeepsItsPhotometricInterpretationAndPolarity() throws Exception {
        AttributeList list = gray(12, false, "MONOCHROME1", 0, 4095);
        assertArrayEquals(new int[]{0, 255}, eightBits(list, 0), "no inversion: MONOCHROME1 still says high is dark");
        AttributeList rendition = (AttributeList) list.clone();
        LossyFrames.encodeFrames(list, 90).describeIn(rendition);
        assertEquals("MONOCHROME1", Attribute.getSingleStringValueOrEmptyString(rendition, TagFromName.PhotometricInterpretation));
    }

    @Test
    void eightBitUnsignedGrayscaleIsTakenAsIsAndItsWindowKept() throws Exception {
        AttributeList list = gray(8, false, "MONOCHROME2", 3, 200, 255);
        Attributes.put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "100");
        Attributes.put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "50");
        assertFalse(EightBitImage.of(list).windowed());
        assertArrayEquals(new int[]{3, 200, 255}, eightBits(list, 0));
        AttributeList rendition = (AttributeList) list.clone();
        LossyFrames.encodeFrames(list, 90).describeIn(rendition);
        assertEquals("100", Attribute.getSingleStringValueOrEmptyString(rendition, TagFromName.WindowCenter));
    }

    @Test
    void windowedGrayscaleIsDescribedAsEightBitDisplayValues() throws Exception {
        AttributeList ct = gray(12, false, "MONOCHROME2", 864, 1064, 1264);
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
        Attributes.put(ct, new LongStringAttribute(TagFromName.RescaleType), "HU");
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.WindowCenter), "40", "300");
        Attributes.put(ct, new DecimalStringAttribute(TagFromName.WindowWidth), "400", "1500");
        Attributes.put(ct, new LongStringAttribute(TagFromName.WindowCenterWidthExplanation), "SOFT", "BONE");
        Attributes.put(ct, new UnsignedShortAttribute(TagFromName.SmallestImagePixelValue), "864");
        Attributes.put(ct, new UnsignedShortAttribute(TagFromName.PixelPaddingValue), "0");
        AttributeList rendition = (AttributeList) ct.clone();
        LossyFrames.encodeFrames(ct, 90).describeIn(rendition);

        assertEquals("128", rendition.get(TagFromName.WindowCenter).getDelimitedStringValuesOrEmptyString());
        assertEquals("256", rendition.get(TagFromName.WindowWidth).getDelimitedStringValuesOrEmptyString());
        assertEquals("1", Attribute.getSingleStringValueOrEmptyString(rendition, TagFromName.RescaleSlope));
        assertEquals("0", Attribute.getSingleStringValueOrEmptyString(rendition, TagFromName.RescaleIntercept));
        assertEquals("US", Attribute.getSingleStringValueOrEmptyString(rendition, TagFromName.RescaleType));
        assertNull(rendition.get(TagFromName.WindowCenterWidthExplanation));
        assertNull(rendition.get(TagFromName.SmallestImagePixelValue));
        assertNull(rendition.get(TagFromName.PixelPaddingValue));
        assertEquals("HU", Attribute.getSingleStringValueOrEmptyString(ct, TagFromName.RescaleType), "original untouched");
    }

    @Test
    void perFrameFunctionalGroupsWindowEachFrameAndAreRewritten() throws Exception {
        AttributeList list = gray(12, false, "MONOCHROME2", 1000, 1000);
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.Columns), "1");
        Attributes.put(list, new IntegerStringAttribute(TagFromName.NumberOfFrames), "2");
        SequenceAttribute perFrame = new SequenceAttribute(TagFromName.PerFrameFunctionalGroupsSequence);
        perFrame.addItem(voiItem("1000", "100"));
        perFrame.addItem(voiItem("2000", "100"));
        list.put(perFrame);
        AttributeList transformation = new AttributeList();
        Attributes.put(transformation, new DecimalStringAttribute(TagFromName.RescaleIntercept), "0");
        Attributes.put(transformation, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
        Attributes.put(transformation, new LongStringAttribute(TagFromName.RescaleType), "US");
        SequenceAttribute pvt = new SequenceAttribute(TagFromName.PixelValueTransformationSequence);
        pvt.addItem(transformation);
        AttributeList sharedItem = new AttributeList();
        sharedItem.put(pvt);
        SequenceAttribute shared = new SequenceAttribute(TagFromName.SharedFunctionalGroupsSequence);
        shared.addItem(sharedItem);
        list.put(shared);

        assertArrayEquals(new int[]{129}, eightBits(list, 0), "((1000 - 999.5) / 99 + 0.5) * 255 = 128.8");
        assertArrayEquals(new int[]{0}, eightBits(list, 1));

        AttributeList rendition = (AttributeList) list.clone();
        LossyFrames.encodeFrames(list, 90).describeIn(rendition);
        AttributeList frame2 = frameVoi(rendition, 1);
        assertEquals("128", Attribute.getSingleStringValueOrEmptyString(frame2, TagFromName.WindowCenter));
        assertEquals("256", Attribute.getSingleStringValueOrEmptyString(frame2, TagFromName.WindowWidth));
        assertEquals("2000", Attribute.getSingleStringValueOrEmptyString(frameVoi(list, 1), TagFromName.WindowCenter),
                "original untouched");
        assertNull(rendition.get(TagFromName.WindowCenter), "an enhanced object's windows stay in its functional groups");
        SequenceAttribute sharedAfter = (SequenceAttribute) rendition.get(TagFromName.SharedFunctionalGroupsSequence);
        AttributeList pixelValues = ((SequenceAttribute) sharedAfter.getItem(0).getAttributeList()
                .get(TagFromName.PixelValueTransformationSequence)).getItem(0).getAttributeList();
        assertEquals("1", Attribute.getSingleStringValueOrEmptyString(pixelValues, TagFromName.RescaleSlope));
        assertEquals("0", Attribute.getSingleStringValueOrEmptyString(pixelValues, TagFromName.RescaleIntercept));
    }

    @Test
    void ybrFullBecomesRgb() throws Exception {
        AttributeList list = new AttributeList();
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.Rows), "1");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.Columns), "2");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "3");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.PlanarConfiguration), "0");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), "8");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.BitsStored), "8");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.HighBit), "7");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "0");
        Attributes.put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "YBR_FULL");
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[]{(byte) 128, (byte) 128, (byte) 128, 76, 85, (byte) 255});
        list.put(pixels);
        byte[] rgb = EightBitImage.of(list).frame(0);
        assertArrayEquals(new byte[]{(byte) 128, (byte) 128, (byte) 128, (byte) 254, 0, 0}, rgb, "gray, then red");
    }

    // ------------------------------------------------------------------ helpers

    /** One row of grayscale samples, stored in 8- or 16-bit words per Bits Stored. */
    static AttributeList gray(int bitsStored, boolean signed, String photometric, int... values) throws Exception {
        AttributeList list = new AttributeList();
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.Rows), "1");
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(values.length));
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "1");
        int bitsAllocated = bitsStored <= 8 ? 8 : 16;
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), Integer.toString(bitsAllocated));
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.BitsStored), Integer.toString(bitsStored));
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.HighBit), Integer.toString(bitsStored - 1));
        Attributes.put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), signed ? "1" : "0");
        Attributes.put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), photometric);
        if (bitsAllocated == 8) {
            byte[] bytes = new byte[values.length + values.length % 2];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
            pixels.setValues(bytes);
            list.put(pixels);
        } else {
            short[] words = new short[values.length];
            for (int i = 0; i < values.length; i++) {
                words[i] = (short) values[i];
            }
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(words);
            list.put(pixels);
        }
        return list;
    }

    private static int[] eightBits(AttributeList list, int frame) throws Exception {
        EightBitImage image = EightBitImage.of(list);
        assertTrue(image.windowed() || Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 0) <= 8);
        byte[] bytes = image.frame(frame);
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return values;
    }

    private static AttributeList voiItem(String center, String width) throws Exception {
        AttributeList window = new AttributeList();
        Attributes.put(window, new DecimalStringAttribute(TagFromName.WindowCenter), center);
        Attributes.put(window, new DecimalStringAttribute(TagFromName.WindowWidth), width);
        SequenceAttribute voi = new SequenceAttribute(TagFromName.FrameVOILUTSequence);
        voi.addItem(window);
        AttributeList item = new AttributeList();
        item.put(voi);
        return item;
    }

    private static AttributeList frameVoi(AttributeList list, int frame) {
        SequenceAttribute perFrame = (SequenceAttribute) list.get(TagFromName.PerFrameFunctionalGroupsSequence);
        SequenceAttribute voi = (SequenceAttribute) perFrame.getItem(frame).getAttributeList().get(TagFromName.FrameVOILUTSequence);
        return voi.getItem(0).getAttributeList();
    }
}

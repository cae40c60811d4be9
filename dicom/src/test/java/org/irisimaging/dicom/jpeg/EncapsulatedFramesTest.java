package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.junit.jupiter.api.Test;

/** Frames of a data set's native Pixel Data: which layouts are taken, and that each frame is its own bitstream. */
class EncapsulatedFramesTest {

    private final JpegLosslessEncoder encoder = new JpegLosslessEncoder();

    @Test
    void eachFrameIsEncodedOnItsOwn() throws Exception {
        SyntheticImage image = SyntheticImage.of("signed 16-bit 3 frames", LosslessFrame.grayscale(11, 13, 16), 3, true,
                SyntheticImage.EXTREMES, 1);
        EncapsulatedFrames frames = EncapsulatedFrames.encodeFrames(image.dataSet());
        assertEquals(3, frames.frames().size());
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(image.encode(encoder, f), frames.frames().get(f), "frame " + f);
            Samples.assertFrameEquals(image, f, PixelmedDecoder.decode(frames.frames().get(f), image.frame()));
        }
        Attribute pixelData = frames.toPixelDataAttribute();
        assertEquals(TagFromName.PixelData, pixelData.getTag());
        assertTrue(pixelData instanceof OtherByteAttributeMultipleCompressedFrames);
    }

    /** 8-bit samples held as OW (as PixelMed reads implicit VR files) are the file's bytes in order. */
    @Test
    void eightBitSamplesInOtherWord() throws Exception {
        SyntheticImage image = SyntheticImage.of("RGB 8-bit 2 frames", LosslessFrame.colour(5, 6, 8), 2, false, SyntheticImage.NOISE, 2);
        AttributeList list = image.dataSet();
        Attribute words = new OtherWordAttribute(TagFromName.PixelData);
        words.setValues(image.bytes(), false);
        list.put(words);
        EncapsulatedFrames frames = EncapsulatedFrames.encodeFrames(list);
        for (int f = 0; f < 2; f++) {
            Samples.assertFrameEquals(image, f, PixelmedDecoder.decode(frames.frames().get(f), image.frame()));
        }
    }

    /** 16-bit samples held as OB are little endian words. */
    @Test
    void sixteenBitSamplesInOtherByte() throws Exception {
        SyntheticImage image = SyntheticImage.of("unsigned 12-bit", LosslessFrame.grayscale(7, 9, 12), 1, false, SyntheticImage.NOISE, 3);
        AttributeList list = image.dataSet();
        byte[] bytes = new byte[2 * image.values().length];
        for (int i = 0; i < image.values().length; i++) {
            bytes[2 * i] = (byte) image.values()[i];
            bytes[2 * i + 1] = (byte) (image.values()[i] >> 8);
        }
        Attribute ob = new OtherByteAttribute(TagFromName.PixelData);
        ob.setValues(bytes);
        list.put(ob);
        Samples.assertFrameEquals(image, 0, PixelmedDecoder.decode(EncapsulatedFrames.encodeFrames(list).frames().get(0), image.frame()));
    }

    @Test
    void unsupportedPixelDataIsRefused() throws Exception {
        SyntheticImage gray = SyntheticImage.of("12-bit", LosslessFrame.grayscale(4, 4, 12), 2, false, SyntheticImage.NOISE, 4);
        SyntheticImage rgb = SyntheticImage.of("RGB", LosslessFrame.colour(4, 4, 8), 1, false, SyntheticImage.NOISE, 5);

        AttributeList noPixels = gray.dataSet();
        noPixels.remove(TagFromName.PixelData);
        assertRefused(noPixels, "no Pixel Data");

        AttributeList encapsulated = gray.dataSet();
        encapsulated.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, new byte[][] {{1, 2}}));
        assertRefused(encapsulated, "not native");

        assertRefused(with(gray.dataSet(), TagFromName.BitsAllocated, 32), "Bits Allocated 32");
        assertRefused(with(gray.dataSet(), TagFromName.HighBit, 15), "High Bit 15");
        assertRefused(with(gray.dataSet(), TagFromName.BitsStored, 1), "Bits Stored 1");

        AttributeList subsampled = rgb.dataSet();
        Attribute photometric = new CodeStringAttribute(TagFromName.PhotometricInterpretation);
        photometric.addValue("YBR_FULL_422");
        subsampled.put(photometric);
        assertRefused(subsampled, "YBR_FULL_422");

        AttributeList shortData = gray.dataSet();
        Attribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[4 * 4 * 2 - 1]);
        shortData.put(pixels);
        assertRefused(shortData, "holds 31 samples, the image needs 32");
    }

    private static AttributeList with(AttributeList list, AttributeTag tag, int value) throws Exception {
        Attribute attribute = new UnsignedShortAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
        return list;
    }

    private static void assertRefused(AttributeList list, String reason) {
        UnsupportedPixelDataException e = assertThrows(UnsupportedPixelDataException.class, () -> EncapsulatedFrames.encodeFrames(list));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}

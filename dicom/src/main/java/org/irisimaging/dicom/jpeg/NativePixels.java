package org.irisimaging.dicom.jpeg;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;

/**
 * Native (uncompressed) Pixel Data of a data set, split into components, read independently of the
 * encoder: what a rendition is compared with after it has been decoded again.
 */
public final class NativePixels {

    private NativePixels() {
    }

    /**
     * The samples of frame {@code frameIndex}: {@code [component][row * columns + column]}, each the
     * low Bits Stored bits of the stored value (what a JPEG lossless decoder returns).
     */
    public static int[][] frame(AttributeList list, int frameIndex) throws DicomException {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int samplesPerPixel = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int planar = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0);
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0);
        int mask = (1 << Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 0)) - 1;
        Attribute pixelData = list.get(TagFromName.PixelData);
        int planeSize = rows * columns;
        int frameStart = frameIndex * planeSize * samplesPerPixel;
        int[][] components = new int[samplesPerPixel][planeSize];
        if (bitsAllocated == 8) {
            byte[] bytes = pixelData instanceof OtherWordAttribute word ? word.getByteValues(false) : pixelData.getByteValues();
            for (int c = 0; c < samplesPerPixel; c++) {
                for (int i = 0; i < planeSize; i++) {
                    components[c][i] = bytes[frameStart + index(planar, samplesPerPixel, planeSize, c, i)] & mask;
                }
            }
        } else if (bitsAllocated == 16) {
            short[] words = pixelData.getShortValues();
            for (int c = 0; c < samplesPerPixel; c++) {
                for (int i = 0; i < planeSize; i++) {
                    components[c][i] = words[frameStart + index(planar, samplesPerPixel, planeSize, c, i)] & mask;
                }
            }
        } else {
            throw new IllegalArgumentException("Bits Allocated " + bitsAllocated);
        }
        return components;
    }

    /** Number of Frames (1 when absent). */
    public static int frameCount(AttributeList list) {
        return Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
    }

    private static int index(int planar, int samplesPerPixel, int planeSize, int component, int pixel) {
        return planar == 1 && samplesPerPixel > 1 ? component * planeSize + pixel : pixel * samplesPerPixel + component;
    }
}

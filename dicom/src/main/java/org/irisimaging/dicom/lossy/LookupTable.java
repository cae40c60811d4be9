package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

/**
 * A Modality or VOI LUT from the first item of its sequence (PS3.3 C.11.1, C.11.2): LUT Descriptor
 * (entries, first value mapped, bits per entry) and LUT Data. Inputs below the first value map to
 * the first entry, above the last to the last.
 */
record LookupTable(int first, int[] data, int bits) {

    /** The table in {@code item}, or {@code null} when it has none or an unusable one. */
    static LookupTable of(AttributeList item, boolean signedInput) throws DicomException {
        Attribute descriptor = item.get(TagFromName.LUTDescriptor);
        Attribute lutData = item.get(TagFromName.LUTData);
        if (descriptor == null || lutData == null || descriptor.getVM() != 3) {
            return null;
        }
        int[] d = descriptor.getIntegerValues();
        int entries = d[0] == 0 ? 65536 : d[0] & 0xFFFF;
        // The first value mapped is US or SS; read as US (implicit VR), a negative one shows as > 32767.
        int first = signedInput && d[1] > 0x7FFF ? d[1] - 0x10000 : d[1];
        int bits = d[2];
        short[] words = lutData.getShortValues();
        if (words == null || words.length < entries || bits < 1 || bits > 16) {
            return null;
        }
        int[] values = new int[entries];
        for (int i = 0; i < entries; i++) {
            values[i] = words[i] & 0xFFFF;
        }
        return new LookupTable(first, values, bits);
    }

    /** The entry for input {@code x}. */
    int apply(double x) {
        long index = Math.round(x) - first;
        return data[(int) Math.max(0, Math.min(data.length - 1, index))];
    }

    /** Largest value an entry can hold. */
    int maximum() {
        return (1 << bits) - 1;
    }
}

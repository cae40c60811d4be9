package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;

/** Sets attributes on test data sets in one line. */
final class Attributes {

    private Attributes() {
    }

    /** Puts {@code attribute} with {@code values} (one value each) into {@code list}. */
    static AttributeList put(AttributeList list, Attribute attribute, String... values) throws DicomException {
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
        return list;
    }
}

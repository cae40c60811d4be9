package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.ValueRepresentation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The value of a binary attribute as bytes, little endian (PS3.18 bulk data and frames). */
final class BulkData {

    private BulkData() {
    }

    static byte[] littleEndianBytes(Attribute attribute) {
        try {
            if (ValueRepresentation.isOtherWordVR(attribute.getVR())) {
                short[] values = attribute.getShortValues();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asShortBuffer().put(values);
                return buffer.array();
            }
            return attribute.getByteValues();
        } catch (DicomException e) {
            throw new IllegalStateException("Unreadable binary value", e);
        }
    }
}

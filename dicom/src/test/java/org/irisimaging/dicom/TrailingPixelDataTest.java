package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * A length past the end of the input is a refusal, not "the plain case does not apply": handed to
 * PixelMed's whole read, it would be allocated first. ({@link ElementLengths} refuses such input
 * before; this class does not rely on it.)
 */
class TrailingPixelDataTest {

    @Test
    void aFragmentLongerThanTheInputIsRefused() {
        // After the tag: OB, reserved, undefined length; an empty offset table; a 268 MB fragment.
        byte[] rest = ByteBuffer.allocate(8 + 8 + 8 + 16).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 'O').put((byte) 'B').putShort((short) 0).putInt(-1)
                .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0)
                .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0x10000000)
                .array();
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> TrailingPixelData.check(
                new StrictInput(new ByteArrayInputStream(rest), rest.length), "1.2.840.10008.1.2.5", 16));
        assertTrue(e.getMessage().startsWith("truncated: pixel data (7FE0,0010) declares 268435456 bytes"),
                e.getMessage());
    }

    @Test
    void aNativeValueLongerThanTheInputIsRefused() {
        byte[] rest = ByteBuffer.allocate(8 + 64).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 'O').put((byte) 'W').putShort((short) 0).putInt(0x7FFFFFF0).array();
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> TrailingPixelData.check(
                new StrictInput(new ByteArrayInputStream(rest), rest.length), "1.2.840.10008.1.2.1", 16));
        assertTrue(e.getMessage().startsWith("truncated: pixel data (7FE0,0010) declares 2147483632 bytes"),
                e.getMessage());
    }
}

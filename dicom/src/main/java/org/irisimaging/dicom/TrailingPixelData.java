package org.irisimaging.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;

/**
 * The Pixel Data element (7FE0,0010) at the end of a data set, checked for completeness without its
 * value being read: its declared length must be in the input, or, encapsulated, its items must
 * follow one another up to the sequence delimiter; and the input must end right after it. Ingest
 * needs the attributes of an object, not its pixels, whose reading into 16-bit words was a third of
 * parsing a CT slice.
 *
 * <p>Only the plain case is handled here: little endian, not deflated, OB or OW, nothing after the
 * element. {@link #check} answers {@code null} for anything else, and the caller reads the object
 * the ordinary way, which judges it; but a length running past the end of the input is refused
 * here: read the ordinary way, PixelMed would allocate it first.
 */
final class TrailingPixelData {

    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    private TrailingPixelData() {
    }

    /**
     * Checks the element whose tag {@code input} has just delivered (in a data set of
     * {@code bitsAllocated}) and returns an empty attribute
     * standing for it (its VR kept), or {@code null} when the plain case does not apply or the
     * element is not complete.
     *
     * @throws InvalidDicomException if the element or one of its fragments declares more bytes than remain
     */
    static Attribute check(StrictInput input, String transferSyntaxUid, int bitsAllocated)
            throws InvalidDicomException, IOException {
        TransferSyntax syntax = new TransferSyntax(transferSyntaxUid);
        if (!syntax.isRecognized() || syntax.isBigEndian() || syntax.isDeflated() || syntax.isBzip2ed()) {
            return null;
        }
        String vr;
        long length;
        if (syntax.isExplicitVR()) {
            vr = ascii(input, 2);
            if (vr == null || !(vr.equals("OB") || vr.equals("OW")) || readLittleEndian(input, 2) != 0) {
                return null;
            }
            length = readLittleEndian(input, 4);
        } else {
            vr = "OW"; // PS3.5 A.1: implicit VR little endian pixel data is OW
            length = readLittleEndian(input, 4);
        }
        if (length < 0 || length != UNDEFINED_LENGTH && vr.equals("OW") != bitsAllocated > 8) {
            return null; // a VR at odds with Bits Allocated: PixelMed's reading decides
        }
        if (length == UNDEFINED_LENGTH ? !skipItems(input) : !skip(input, length)) {
            return null;
        }
        if (input.remaining() != 0) {
            return null; // elements after the pixel data: left to the ordinary reading
        }
        // Encapsulated pixel data is OB whatever the file declares (PS3.5 A.4; PixelMed reads it so).
        return vr.equals("OB") || length == UNDEFINED_LENGTH ? new OtherByteAttribute(TagFromName.PixelData)
                : new OtherWordAttribute(TagFromName.PixelData);
    }

    /** Encapsulated fragments: items of defined length, then the sequence delimiter of length 0. */
    private static boolean skipItems(StrictInput input) throws InvalidDicomException, IOException {
        while (true) {
            long tag = readLittleEndian(input, 2);
            long element = readLittleEndian(input, 2);
            long length = readLittleEndian(input, 4);
            if (tag < 0 || element < 0 || length < 0) {
                return false;
            }
            int item = (int) (tag << 16 | element);
            if (item == SEQUENCE_DELIMITER) {
                return length == 0;
            }
            if (item != ITEM || length == UNDEFINED_LENGTH) {
                return false;
            }
            if (!skip(input, length)) {
                return false;
            }
        }
    }

    private static boolean skip(StrictInput input, long length) throws InvalidDicomException, IOException {
        if (length > input.remaining()) {
            throw new InvalidDicomException("truncated: pixel data (7FE0,0010) declares " + length
                    + " bytes at offset " + input.position() + " but only " + input.remaining() + " bytes remain");
        }
        for (long left = length; left > 0; ) {
            long n = input.skip(left);
            if (n <= 0) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    /** An unsigned little endian number of {@code bytes} bytes, or -1 if the input ends first. */
    private static long readLittleEndian(StrictInput input, int bytes) throws IOException {
        if (input.remaining() < bytes) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            int b = input.read();
            if (b < 0) {
                return -1;
            }
            value |= (long) b << (8 * i);
        }
        return value;
    }

    private static String ascii(StrictInput input, int bytes) throws IOException {
        if (input.remaining() < bytes) {
            return null;
        }
        byte[] b = input.readNBytes(bytes);
        return b.length == bytes ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : null;
    }
}

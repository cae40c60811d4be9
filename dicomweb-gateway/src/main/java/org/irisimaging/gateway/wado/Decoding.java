package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.irisimaging.dicom.pixels.NativePixelData;
import org.irisimaging.dicom.pixels.PixelEncoding;

import java.io.IOException;
import java.util.Set;

/**
 * The compressed transfer syntaxes whose pixel data this gateway decodes, and by which path (ADR
 * 0022): what it can turn into native samples to render an image or to answer in an uncompressed
 * syntax — the JPEG Lossless renditions among them, so that an instance whose original was removed
 * is still served in any uncompressed syntax.
 * <ul>
 * <li>JPEG baseline and JPEG Lossless (.50, .57, .70): PixelMed as it reads the file (the JDK's
 * baseline reader, PixelMed's lossless reader), which also converts YBR JPEG colour to RGB;</li>
 * <li>RLE (.5), JPEG extended 8/12-bit (.51), JPEG-LS (.80, .81), JPEG 2000 (.90, .91): the dicom
 * module's {@link NativePixelData#decodeForViewing} (our RLE, JPEG-LS and DCT decoders,
 * jai-imageio for JPEG 2000). PixelMed's own RLE decoder refuses 16-bit colour.</li>
 * </ul>
 * Anything else (HTJ2K, video, unknown syntaxes, 32-bit RLE, corrupt bitstreams) is not decoded:
 * rendered images answer 406, the default retrieval sends the file as stored.
 */
final class Decoding {

    private static final Set<String> BY_PIXELMED = Set.of(
            TransferSyntaxes.JPEG_BASELINE, // Process 1
            TransferSyntaxes.JPEG_LOSSLESS, // Non-Hierarchical (Process 14)
            TransferSyntaxes.JPEG_LOSSLESS_SV1); // first-order prediction (the lossless renditions)

    private Decoding() {
    }

    /** Whether pixel data in {@code transferSyntaxUID} is decoded here (a given file may still fail). */
    static boolean canDecode(String transferSyntaxUID) {
        PixelEncoding encoding = PixelEncoding.of(transferSyntaxUID);
        return BY_PIXELMED.contains(transferSyntaxUID) || encoding != PixelEncoding.NATIVE && encoding.viewable();
    }

    /** Whether PixelMed decodes it while reading the file (else {@link #decode}). */
    static boolean byPixelMed(String transferSyntaxUID) {
        return BY_PIXELMED.contains(transferSyntaxUID);
    }

    /**
     * The file's data set with native pixel data, described as Explicit VR Little Endian.
     *
     * @throws NotDecodableException when its pixel data cannot be decoded here
     */
    static AttributeList decode(DicomFile file) throws IOException {
        String syntax = file.transferSyntaxUid();
        try {
            AttributeList decoded = NativePixelData.decodeForViewing(file.attributes(), syntax);
            if (decoded.get(TagFromName.TransferSyntaxUID) != null) {
                UniqueIdentifierAttribute nativeSyntax = new UniqueIdentifierAttribute(TagFromName.TransferSyntaxUID);
                nativeSyntax.addValue(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
                decoded.put(nativeSyntax);
            }
            return decoded;
        } catch (UnsupportedPixelDataException e) {
            throw new NotDecodableException("Stored as " + syntax + ": pixel data not decodable here (" + e.getMessage() + ")");
        } catch (DicomException e) {
            throw new NotDecodableException("Stored as " + syntax + ": pixel data not decodable here");
        }
    }

    /** Pixel data that cannot be decoded: 406 when nothing was sent yet, or the file goes out as stored. */
    static final class NotDecodableException extends IOException {
        private static final long serialVersionUID = 1L;

        NotDecodableException(String message) {
            super(message);
        }
    }
}

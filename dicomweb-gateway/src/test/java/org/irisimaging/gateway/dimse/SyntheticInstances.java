package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic DICOM instances written with PixelMed, for tests and the throughput benchmark: no
 * patient data (the names say SYNTHETIC).
 */
final class SyntheticInstances {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SyntheticInstances() {
    }

    /** A fresh UID under the 2.25 root (UUID-derived, PS3.5 B.2). */
    static String uid() {
        return "2.25." + new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /**
     * A CT series of {@code count} 512 x 512 16-bit images (512 KiB of pixel data each) in explicit
     * VR little endian, one study and series.
     */
    static List<Path> ctSeries(Path dir, int count) throws IOException, DicomException {
        String study = uid();
        String series = uid();
        short[] pixels = new short[512 * 512];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) ((i % 512) * 4 - 1024 + (i / 512));
        }
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            AttributeList list = base(SOPClass.CTImageStorage, uid(), study, series, "CT");
            put(list, new IntegerStringAttribute(TagFromName.InstanceNumber), Integer.toString(n));
            put(list, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
            put(list, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
            image(list, 512, 512, 16, 1);
            OtherWordAttribute data = new OtherWordAttribute(TagFromName.PixelData);
            data.setValues(pixels);
            list.put(data);
            files.add(write(list, dir.resolve("ct-" + n + ".dcm")));
        }
        return files;
    }

    /** A 2 x 2 8-bit Secondary Capture image. */
    static AttributeList secondaryCapture(String sopInstance, String study, String series) throws DicomException {
        AttributeList list = base(SOPClass.SecondaryCaptureImageStorage, sopInstance, study, series, "OT");
        image(list, 2, 2, 8, 0);
        com.pixelmed.dicom.OtherByteAttribute data = new com.pixelmed.dicom.OtherByteAttribute(TagFromName.PixelData);
        data.setValues(new byte[] {0, 64, (byte) 128, (byte) 255});
        list.put(data);
        return list;
    }

    /** Writes {@code list} as a Part 10 file in explicit VR little endian. */
    static Path write(AttributeList list, Path file) throws IOException, DicomException {
        list.removeGroupLengthAttributes();
        list.remove(TagFromName.FileMetaInformationGroupLength);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "IRISTEST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    /**
     * Content Sequence (0040,A730) items each holding the next Content Sequence, {@code depth} deep:
     * undefined lengths with delimiters, explicit VR little endian, to append to a data set whose
     * last element sorts before it.
     */
    static byte[] nestedContentSequence(int depth) {
        byte[] open = {0x40, 0x00, 0x30, (byte) 0xA7, 'S', 'Q', 0, 0, -1, -1, -1, -1, // SQ, undefined length
            -2, -1, 0x00, (byte) 0xE0, -1, -1, -1, -1}; // Item, undefined length
        byte[] close = {-2, -1, 0x0D, (byte) 0xE0, 0, 0, 0, 0, // Item Delimitation
            -2, -1, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0}; // Sequence Delimitation
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(depth * (open.length + close.length));
        for (int i = 0; i < depth; i++) {
            out.writeBytes(open);
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(close);
        }
        return out.toByteArray();
    }

    static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

    private static AttributeList base(String sopClass, String sopInstance, String study, String series, String modality)
            throws DicomException {
        AttributeList list = new AttributeList();
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), sopClass);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sopInstance);
        if (study != null) {
            put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
        }
        if (series != null) {
            put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series);
        }
        put(list, new PersonNameAttribute(TagFromName.PatientName), "SYNTHETIC^CT");
        put(list, new LongStringAttribute(TagFromName.PatientID), "SYNTH-1");
        put(list, new CodeStringAttribute(TagFromName.Modality), modality);
        put(list, new LongStringAttribute(TagFromName.SeriesDescription), "synthetic");
        return list;
    }

    private static void image(AttributeList list, int rows, int columns, int bits, int pixelRepresentation)
            throws DicomException {
        us(list, TagFromName.Rows, rows);
        us(list, TagFromName.Columns, columns);
        us(list, TagFromName.SamplesPerPixel, 1);
        us(list, TagFromName.BitsAllocated, bits);
        us(list, TagFromName.BitsStored, bits);
        us(list, TagFromName.HighBit, bits - 1);
        us(list, TagFromName.PixelRepresentation, pixelRepresentation);
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
    }

    private static void us(AttributeList list, AttributeTag tag, int value) throws DicomException {
        UnsignedShortAttribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}

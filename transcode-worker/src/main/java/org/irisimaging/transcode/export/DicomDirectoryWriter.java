package org.irisimaging.transcode.export;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomDirectory;
import com.pixelmed.dicom.DicomException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The package's DICOMDIR (PS3.10 §7.3, the Basic Directory IOD of PS3.3 F): PATIENT, STUDY, SERIES
 * and IMAGE (or the record type of the SOP class) records built by PixelMed from each file's header,
 * each leaf referencing its file by Referenced File ID with its SOP class, instance and transfer
 * syntax. PixelMed writes only to a file, so it is written to a temporary one and read back (a
 * DICOMDIR is small: a few hundred bytes per file).
 */
final class DicomDirectoryWriter {

    private final DicomDirectory directory = new DicomDirectory();

    /**
     * Adds a file.
     *
     * @param header the file's meta information and data set up to (without) the pixel data
     * @param fileId its slash-separated file ID ({@link FileIds}), made a Referenced File ID
     */
    void add(AttributeList header, String fileId) throws DicomException, IOException {
        directory.addAttributeListFromDicomFileToDirectory(header, fileId);
    }

    /** The DICOMDIR as a Part 10 file (Media Storage Directory Storage). */
    byte[] toBytes() throws DicomException, IOException {
        Path file = Files.createTempFile("iris-dicomdir-", ".tmp");
        try {
            directory.write(file.toString());
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

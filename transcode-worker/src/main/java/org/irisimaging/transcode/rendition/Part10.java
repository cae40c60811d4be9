package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Renditions as Part 10 files (ADR 0012): written with fresh file meta information, read back. */
final class Part10 {

    private static final String SOURCE_AE = "IRIS";

    private Part10() {
    }

    /** {@code rendition} written in {@code transferSyntaxUid}, group 0002 rebuilt. */
    static byte[] write(AttributeList rendition, String transferSyntaxUid) throws DicomException, IOException {
        rendition.removeGroupLengthAttributes();
        rendition.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(rendition, transferSyntaxUid, SOURCE_AE);
        ByteArrayOutputStream part10 = new ByteArrayOutputStream();
        rendition.write(part10, transferSyntaxUid, true, true);
        return part10.toByteArray();
    }

    /** A stored rendition read, its Pixel Data decompressed ({@code decompress}) or as encoded. */
    static AttributeList read(InputStream part10, boolean decompress) throws DicomException, IOException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(decompress);
        try (DicomInputStream in = new DicomInputStream(part10)) {
            list.read(in);
        }
        return list;
    }
}

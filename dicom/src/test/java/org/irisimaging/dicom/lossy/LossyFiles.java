package org.irisimaging.dicom.lossy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import java.nio.file.Path;

/** Writes a data set's lossy encoding as a Part 10 file, as the transcode worker does. */
final class LossyFiles {

    private LossyFiles() {
    }

    static LossyFrames write(AttributeList original, int quality, Path file) throws Exception {
        LossyFrames frames = LossyFrames.encodeFrames(original, quality);
        AttributeList rendition = (AttributeList) original.clone();
        frames.describeIn(rendition);
        rendition.removeGroupLengthAttributes();
        rendition.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(rendition, LossyFrames.TRANSFER_SYNTAX_UID, "IRIS_TEST");
        rendition.write(file.toFile(), LossyFrames.TRANSFER_SYNTAX_UID, true, true);
        return frames;
    }

    /** Peak signal-to-noise ratio of 8-bit {@code decoded} against {@code expected}, in dB. */
    static double psnr(byte[] expected, int[] decoded) {
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (expected[i] & 0xFF) - decoded[i];
            sum += d * d;
        }
        double mse = sum / expected.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}

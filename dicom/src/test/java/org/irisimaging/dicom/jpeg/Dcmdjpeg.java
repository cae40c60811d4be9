package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import com.pixelmed.dicom.Attribute;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes Part 10 files in transfer syntax 1.2.840.10008.1.2.4.70 with our encoder, and decodes them
 * with dcmtk's dcmdjpeg as a real process: the second independent decoder.
 */
public final class Dcmdjpeg {

    private static final String EXPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private Dcmdjpeg() {
    }

    /**
     * Replaces the native Pixel Data of {@code list} by its JPEG lossless encoding (Basic Offset
     * Table, one fragment per frame) and writes it as a Part 10 file; returns the frames written.
     */
    static EncapsulatedFrames writeLossless(AttributeList list, Path file) throws Exception {
        EncapsulatedFrames frames = EncapsulatedFrames.encodeFrames(list);
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        list.put(frames.toPixelDataAttribute());
        if (list.get(TagFromName.PlanarConfiguration) != null) {
            Attribute planar = new UnsignedShortAttribute(TagFromName.PlanarConfiguration);
            planar.addValue(0);
            list.put(planar);
        }
        FileMetaInformation.addFileMetaInformation(list, JpegLosslessEncoder.TRANSFER_SYNTAX_UID, "IRIS_TEST");
        list.write(file.toFile(), JpegLosslessEncoder.TRANSFER_SYNTAX_UID, true, true);
        assertOffsetTable(file, frames.frames());
        return frames;
    }

    /** Runs {@code dcmdjpeg in out} and reads the decompressed file with PixelMed. */
    public static AttributeList decode(Path in, Path out) throws IOException, DicomException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("dcmdjpeg", in.toString(), out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("cannot run dcmdjpeg (Debian package dcmtk; run scripts/bootstrap.sh)", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("dcmdjpeg timed out on " + in);
        }
        assertEquals(0, process.exitValue(), "dcmdjpeg " + in.getFileName() + ": " + output);
        AttributeList decoded = new AttributeList();
        decoded.read(out.toFile());
        assertEquals(EXPLICIT_LITTLE_ENDIAN, Attribute.getSingleStringValueOrNull(decoded, TagFromName.TransferSyntaxUID),
                "dcmdjpeg output transfer syntax");
        return decoded;
    }

    /**
     * Reads the encapsulated Pixel Data of the written file directly (PS3.5 A.4): a Basic Offset
     * Table with one offset per frame, then one fragment per frame holding exactly its bitstream
     * (plus one padding byte when odd), then the sequence delimiter.
     */
    private static void assertOffsetTable(Path file, List<byte[]> frames) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        int at = lastIndexOf(bytes.array(), header);
        if (at < 0) {
            fail("no encapsulated Pixel Data element in " + file);
        }
        at += header.length;
        assertEquals(0xE000FFFE, bytes.getInt(at), "Basic Offset Table item");
        assertEquals(4 * frames.size(), bytes.getInt(at + 4), "Basic Offset Table length");
        int firstItem = at + 8 + 4 * frames.size();
        int item = firstItem;
        for (int f = 0; f < frames.size(); f++) {
            assertEquals(item - firstItem, bytes.getInt(at + 8 + 4 * f), "offset of frame " + f);
            assertEquals(0xE000FFFE, bytes.getInt(item), "item tag of frame " + f);
            byte[] frame = frames.get(f);
            int length = bytes.getInt(item + 4);
            assertEquals(frame.length + (frame.length & 1), length, "fragment length of frame " + f);
            assertEquals(ByteBuffer.wrap(frame), ByteBuffer.wrap(bytes.array(), item + 8, frame.length), "fragment of frame " + f);
            item += 8 + length;
        }
        assertEquals(0xE0DDFFFE, bytes.getInt(item), "sequence delimiter");
        assertEquals(0, bytes.getInt(item + 4), "sequence delimiter length");
    }

    private static int lastIndexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = data.length - pattern.length; i >= 0; i--) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

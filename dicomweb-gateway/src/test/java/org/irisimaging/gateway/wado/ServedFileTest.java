package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.FileSystemBlobStore;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;
import org.irisimaging.testsupport.PydicomCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway serves for an instance: its original while it exists, its JPEG Lossless rendition
 * once the original was removed — decoded, bit for bit, when a client asks for an uncompressed
 * syntax. Renditions here are made by dcmtk's {@code dcmcjpeg} (an independent encoder); compressed
 * originals of the pydicom corpus (RLE, JPEG) are decoded the same way.
 */
class ServedFileTest {

    private static final String EXPLICIT = "1.2.840.10008.1.2.1";
    private static final String IMPLICIT = "1.2.840.10008.1.2";
    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm"})
    void anInstanceWhoseOriginalWasRemovedIsRebuiltFromItsRenditionBitForBit(String name) throws Exception {
        Path original = PydicomCorpus.file("test_files/" + name);
        Path rendition = dir.resolve("rendition.dcm");
        run("dcmcjpeg", "+e1", original.toString(), rendition.toString());
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        blobs.write(new BlobKey("renditions/s/x/i.dcm"), rendition);
        InstanceFiles files = new InstanceFiles(blobs);
        InstanceLocation location = location(transferSyntax(original), "instances/s/x/i.dcm", true);

        for (String syntax : new String[] {EXPLICIT, IMPLICIT}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            files.write(location, syntax, out);
            AttributeList rebuilt = read(new ByteArrayInputStream(out.toByteArray()));
            assertThat(Attribute.getSingleStringValueOrNull(rebuilt, TagFromName.TransferSyntaxUID)).isEqualTo(syntax);
            assertThat(pixels(rebuilt)).as(name + " in " + syntax).isEqualTo(pixels(read(original)));
        }
        // asked in the rendition's own syntax: the stored file as it is
        ByteArrayOutputStream asStored = new ByteArrayOutputStream();
        files.write(location, JPEG_LOSSLESS_SV1, asStored);
        assertThat(asStored.toByteArray()).isEqualTo(Files.readAllBytes(rendition));
    }

    @Test
    void whileTheOriginalExistsItIsWhatIsServed() throws Exception {
        Path original = PydicomCorpus.file("test_files/CT_small.dcm");
        Path rendition = dir.resolve("rendition.dcm");
        run("dcmcjpeg", "+e1", original.toString(), rendition.toString());
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        blobs.write(new BlobKey("instances/s/x/i.dcm"), original);
        blobs.write(new BlobKey("renditions/s/x/i.dcm"), rendition);
        InstanceLocation location = location(transferSyntax(original), "instances/s/x/i.dcm", false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InstanceFiles(blobs).write(location, transferSyntax(original), out);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(original));
    }

    @Test
    void anOriginalRemovedAfterItsLocationWasReadIsServedFromItsRendition() throws Exception {
        // the index still said "original" when the retrieval started; the worker removed it since
        Path original = PydicomCorpus.file("test_files/CT_small.dcm");
        Path rendition = dir.resolve("rendition.dcm");
        run("dcmcjpeg", "+e1", original.toString(), rendition.toString());
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        blobs.write(new BlobKey("renditions/s/x/i.dcm"), rendition);
        InstanceLocation location = location(transferSyntax(original), "instances/s/x/i.dcm", false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InstanceFiles(blobs).write(location, transferSyntax(original), out);
        assertThat(pixels(read(new ByteArrayInputStream(out.toByteArray())))).isEqualTo(pixels(read(original)));
        assertThat(pixels(new InstanceFiles(blobs).readDecompressed(location))).isEqualTo(pixels(read(original)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MR_small_RLE.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_jpeg_dcmtk.dcm"})
    void compressedOriginalsAreDecodedToTheSamplesDcmtkDecodes(String name) throws Exception {
        Path original = PydicomCorpus.file("test_files/" + name);
        String stored = transferSyntax(original);
        assertThat(Decoding.canDecode(stored)).as(stored).isTrue();
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        blobs.write(new BlobKey("instances/s/x/i.dcm"), original);
        InstanceLocation location = location(stored, "instances/s/x/i.dcm", false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InstanceFiles(blobs).write(location, EXPLICIT, out);
        Path decodedByDcmtk = dir.resolve("dcmtk.dcm");
        // dcmdrle / dcmdjpeg: the reference decoders; both write Explicit VR Little Endian
        run(stored.equals("1.2.840.10008.1.2.5") ? "dcmdrle" : "dcmdjpeg", original.toString(),
                decodedByDcmtk.toString());
        AttributeList ours = read(new ByteArrayInputStream(out.toByteArray()));
        AttributeList reference = read(Files.newInputStream(decodedByDcmtk));
        if (name.startsWith("SC_rgb_jpeg")) {
            // lossy YBR JPEG: colour conversion rounding may differ by one between decoders
            assertThat(maxDifference(pixels(ours), pixels(reference))).isLessThanOrEqualTo(2);
        } else {
            assertThat(pixels(ours)).as(name).isEqualTo(pixels(reference));
        }
    }

    private static InstanceLocation location(String originalSyntax, String originalKey, boolean originalRemoved) {
        return new InstanceLocation("1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2", originalSyntax,
                originalKey, 1000, true, JPEG_LOSSLESS_SV1, "renditions/s/x/i.dcm", 900L, originalRemoved);
    }

    private static String transferSyntax(Path file) throws Exception {
        return Attribute.getSingleStringValueOrNull(read(Files.newInputStream(file)), TagFromName.TransferSyntaxUID);
    }

    private static AttributeList read(Path file) throws Exception {
        return read(Files.newInputStream(file));
    }

    private static AttributeList read(InputStream in) throws Exception {
        try (DicomInputStream dicom = new DicomInputStream(new BufferedInputStream(in))) {
            AttributeList list = new AttributeList();
            list.read(dicom);
            return list;
        }
    }

    /** The native samples as little-endian bytes, whatever the attribute's VR. */
    private static byte[] pixels(AttributeList list) throws Exception {
        byte[] bytes = BulkData.littleEndianBytes(list.get(TagFromName.PixelData));
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        int bytesPerSample = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16) / 8;
        // without the padding byte of an odd length, which writers may or may not count
        return java.util.Arrays.copyOf(bytes, rows * columns * samples * frames * bytesPerSample);
    }

    private static int maxDifference(byte[] a, byte[] b) {
        assertThat(a.length).isEqualTo(b.length);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return max;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}

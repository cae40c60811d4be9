package org.irisimaging.dicom.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthetic studies written as Part 10 files in JPEG Lossless SV1 (Basic Offset Table, one
 * fragment per frame) and decoded by dcmtk's dcmdjpeg as a real process: every sample of every
 * frame must come back bit for bit.
 */
class DcmdjpegRoundTripTest {

    @TempDir
    Path dir;

    static Stream<SyntheticImage> studies() {
        return Stream.of(
                SyntheticImage.of("unsigned 16-bit noise 3 frames 64x65", LosslessFrame.grayscale(64, 65, 16), 3, false, SyntheticImage.NOISE, 1),
                SyntheticImage.of("unsigned 16-bit extremes 2 frames 513x511", LosslessFrame.grayscale(513, 511, 16), 2, false, SyntheticImage.EXTREMES, 2),
                SyntheticImage.of("signed 16-bit extremes 2 frames 33x31", LosslessFrame.grayscale(33, 31, 16), 2, true, SyntheticImage.EXTREMES, 3),
                SyntheticImage.of("signed 12-bit noise 4 frames 17x19", LosslessFrame.grayscale(17, 19, 12), 4, true, SyntheticImage.NOISE, 4),
                SyntheticImage.of("signed 12-bit extremes 1 frame 3x7", LosslessFrame.grayscale(3, 7, 12), 1, true, SyntheticImage.EXTREMES, 5),
                SyntheticImage.of("unsigned 12-bit gradient 2 frames 129x127", LosslessFrame.grayscale(129, 127, 12), 2, false, SyntheticImage.GRADIENT, 6),
                SyntheticImage.of("unsigned 8-bit extremes 1x1", LosslessFrame.grayscale(1, 1, 8), 1, false, SyntheticImage.EXTREMES, 7),
                SyntheticImage.of("unsigned 8-bit noise 3 frames 3x7", LosslessFrame.grayscale(3, 7, 8), 3, false, SyntheticImage.NOISE, 8),
                SyntheticImage.of("unsigned 16-bit constant 2 frames 9x9", LosslessFrame.grayscale(9, 9, 16), 2, false, SyntheticImage.CONSTANT, 9),
                SyntheticImage.of("RGB 8-bit planar 0 noise 2 frames 31x17", new LosslessFrame(31, 17, 3, 8, 0), 2, false, SyntheticImage.NOISE, 10),
                SyntheticImage.of("RGB 8-bit planar 1 extremes 2 frames 31x17", new LosslessFrame(31, 17, 3, 8, 1), 2, false, SyntheticImage.EXTREMES, 11),
                SyntheticImage.of("RGB 8-bit planar 0 gradient 1 frame 513x511", new LosslessFrame(513, 511, 3, 8, 0), 1, false, SyntheticImage.GRADIENT, 12),
                JpegLosslessEncoderTest.deepCategories());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("studies")
    void dcmdjpegDecodesEveryFrameBitExact(SyntheticImage image) throws Exception {
        Path compressed = dir.resolve("lossless.dcm");
        Path decompressed = dir.resolve("decoded.dcm");
        EncapsulatedFrames frames = Dcmdjpeg.writeLossless(image.dataSet(), compressed);
        assertEquals(image.frames(), frames.frames().size(), "one bitstream per frame");

        AttributeList decoded = Dcmdjpeg.decode(compressed, decompressed);
        assertEquals(image.frame().rows(), Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.Rows, 0));
        assertEquals(image.frame().columns(), Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.Columns, 0));
        assertEquals(image.frames(), Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.NumberOfFrames, 1));
        assertEquals(image.signed() ? 1 : 0, Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.PixelRepresentation, -1));
        assertEquals(image.frame().precision(), Attribute.getSingleIntegerValueOrDefault(decoded, TagFromName.BitsStored, 0));
        for (int f = 0; f < image.frames(); f++) {
            Samples.assertFrameEquals(image, f, NativePixels.frame(decoded, f));
        }
    }
}

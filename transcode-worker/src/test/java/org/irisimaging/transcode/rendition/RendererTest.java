package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.jpeg.NativePixels;
import org.irisimaging.dicom.pixels.NativePixelData;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.transcode.rendition.RenditionConfig.StorageTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tiers on real files, read back by dcmtk: a CT on the lossy tier becomes a baseline JPEG
 * Part 10 file with truthful attributes (its stored size compared with the original and the lossless
 * rendition); an RLE original is re-encoded lossless and bit-exact; a JPEG Lossless SV1 original
 * keeps its bitstreams; what the lossy tier does not take falls back to lossless; a lossy rendition
 * of another image fails verification.
 */
class RendererTest {

    @TempDir
    Path dir;

    @Test
    void aCtOnTheLossyTierIsABaselineJpegFileThatDcmtkReadsWithTruthfulAttributes() throws Exception {
        Path ct = PydicomCorpus.file("test_files/CT_small.dcm");
        DicomFile original = DicomFile.read(ct);
        Renderer.Rendered lossy = (Renderer.Rendered) Renderer.render(original, StorageTier.LOSSY, 90);
        Renderer.Rendered lossless = (Renderer.Rendered) Renderer.render(original, StorageTier.LOSSLESS, 90);
        assertThat(lossy.outcome()).isEqualTo(Outcome.LOSSY);
        assertThat(lossy.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(lossy.frames()).isEqualTo(1);
        assertThat(lossy.note()).isNull();
        Path file = dir.resolve("lossy.dcm");
        Files.write(file, lossy.part10());

        Dcmtk.Result dump = Dcmtk.run("dcmdump", file);
        assertThat(dump.exitCode()).as(dump.output()).isZero();
        assertThat(Dcmtk.value(dump.output(), "0002,0010")).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(Dcmtk.value(dump.output(), "0028,0100")).isEqualTo("8");
        assertThat(Dcmtk.value(dump.output(), "0028,0101")).isEqualTo("8");
        assertThat(Dcmtk.value(dump.output(), "0028,0102")).isEqualTo("7");
        assertThat(Dcmtk.value(dump.output(), "0028,0103")).isEqualTo("0");
        assertThat(Dcmtk.value(dump.output(), "0028,0004")).isEqualTo("MONOCHROME2");
        assertThat(Dcmtk.value(dump.output(), "0028,2110")).isEqualTo("01");
        assertThat(Dcmtk.value(dump.output(), "0028,2114")).isEqualTo("ISO_10918_1");
        assertThat(Dcmtk.value(dump.output(), "0028,1050")).isEqualTo("128");
        assertThat(Dcmtk.value(dump.output(), "0028,1051")).isEqualTo("256");
        assertThat(Dcmtk.value(dump.output(), "0028,1052")).isEqualTo("0");
        assertThat(Dcmtk.value(dump.output(), "0028,1053")).isEqualTo("1");
        assertThat(Dcmtk.value(dump.output(), "0008,0018")).as("the same instance")
                .isEqualTo(original.sopInstanceUid());
        double ratio = Double.parseDouble(Dcmtk.value(dump.output(), "0028,2112"));
        long pixelBytes = 128L * 128 * 2;
        assertThat(ratio).isGreaterThan(3);
        assertThat(lossy.part10().length).isLessThan(lossless.part10().length);

        Dcmtk.Result decoded = Dcmtk.run("dcmdjpeg", file, dir.resolve("decoded.dcm"));
        assertThat(decoded.exitCode()).as("dcmdjpeg: " + decoded.output()).isZero();
        AttributeList back = new AttributeList();
        back.read(dir.resolve("decoded.dcm").toFile());
        assertThat(Attribute.getSingleIntegerValueOrDefault(back, TagFromName.Rows, 0)).isEqualTo(128);
        assertThat(Attribute.getSingleIntegerValueOrDefault(back, TagFromName.Columns, 0)).isEqualTo(128);

        System.out.printf("CT_small.dcm (128x128, 16-bit): original file %d bytes (pixel data %d); lossless rendition %d bytes;"
                        + " lossy q90 rendition %d bytes, Lossy Image Compression Ratio %.2f%n",
                Files.size(ct), pixelBytes, lossless.part10().length, lossy.part10().length, ratio);
    }

    @Test
    void anRleOriginalIsReEncodedLosslessAndBitExact() throws Exception {
        DicomFile rle = DicomFile.read(PydicomCorpus.file("test_files/MR_small_RLE.dcm"));
        Renderer.Rendered r = (Renderer.Rendered) Renderer.render(rle, StorageTier.LOSSLESS, 90);
        assertThat(r.outcome()).isEqualTo(Outcome.LOSSLESS);
        assertThat(r.note()).isEqualTo("decoded from 1.2.840.10008.1.2.5");
        LosslessRendition.verify(NativePixelData.decode(rle.attributes(), rle.transferSyntaxUid()),
                new ByteArrayInputStream(r.part10()));
        // and against the same image as it was stored uncompressed
        AttributeList nativeMr = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm")).attributes();
        AttributeList decoded = Part10.read(new ByteArrayInputStream(r.part10()), true);
        assertThat(NativePixels.frame(decoded, 0)).isDeepEqualTo(NativePixels.frame(nativeMr, 0));
    }

    @Test
    void aJpegLosslessSv1OriginalKeepsItsBitstreamsOnTheLosslessTierAndIsReEncodedOnTheLossyTier() throws Exception {
        DicomFile sv1 = DicomFile.read(PydicomCorpus.file("test_files/SC_rgb_jpeg_gdcm.dcm"));
        Renderer.Rendered kept = (Renderer.Rendered) Renderer.render(sv1, StorageTier.LOSSLESS, 90);
        assertThat(kept.note()).contains("bitstreams kept as received");
        AttributeList stored = Part10.read(new ByteArrayInputStream(kept.part10()), false);
        assertThat(NativePixelData.encapsulatedFrames(stored).get(0))
                .isEqualTo(NativePixelData.encapsulatedFrames(sv1.attributes()).get(0));

        Renderer.Rendered lossy = (Renderer.Rendered) Renderer.render(sv1, StorageTier.LOSSY, 90);
        assertThat(lossy.outcome()).isEqualTo(Outcome.LOSSY);
        AttributeList lossyList = Part10.read(new ByteArrayInputStream(lossy.part10()), false);
        assertThat(Attribute.getSingleStringValueOrEmptyString(lossyList, TagFromName.PhotometricInterpretation))
                .isEqualTo("YBR_FULL_422");
    }

    @Test
    void whatTheLossyTierDoesNotTakeFallsBackToLosslessAndSaysSo() throws Exception {
        DicomFile palette = DicomFile.read(paletteImage());
        Renderer.Rendered r = (Renderer.Rendered) Renderer.render(palette, StorageTier.LOSSY, 90);
        assertThat(r.outcome()).isEqualTo(Outcome.LOSSLESS);
        assertThat(r.note()).contains("not encodable as baseline JPEG").contains("PALETTE COLOR").contains("rendered lossless");
    }

    @Test
    void aLossyRenditionOfAnotherImageFailsVerification() throws Exception {
        DicomFile ct = DicomFile.read(PydicomCorpus.file("test_files/CT_small.dcm"));
        DicomFile mr = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm"));
        Renderer.Rendered ctLossy = (Renderer.Rendered) Renderer.render(ct, StorageTier.LOSSY, 90);
        assertThat(LossyRendition.verify(ct.attributes(), new ByteArrayInputStream(ctLossy.part10())))
                .startsWith("lossy: 1 frames decoded");
        // MR_small is 64x64: another geometry
        assertThatThrownBy(() -> LossyRendition.verify(mr.attributes(), new ByteArrayInputStream(ctLossy.part10())))
                .isInstanceOf(VerificationFailed.class).hasMessageContaining("decodes to 128x128x1");
        // same geometry, other content: the CT's rendition against an inverted CT
        AttributeList inverted = (AttributeList) ct.attributes().clone();
        short[] words = ct.attributes().get(TagFromName.PixelData).getShortValues().clone();
        for (int i = 0; i < words.length; i++) {
            words[i] = (short) (4000 - words[i]);
        }
        Attribute pixels = new com.pixelmed.dicom.OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(words);
        inverted.put(pixels);
        assertThatThrownBy(() -> LossyRendition.verify(inverted, new ByteArrayInputStream(ctLossy.part10())))
                .isInstanceOf(VerificationFailed.class).hasMessageContaining("dB from the image encoded");
    }

    /** A 4x4 PALETTE COLOR secondary capture (8-bit indices), as a Part 10 file. */
    private static byte[] paletteImage() throws Exception {
        AttributeList list = DicomFile.read(PydicomCorpus.file("test_files/MR_small.dcm")).attributes();
        list = (AttributeList) list.clone();
        put(list, new UnsignedShortAttribute(TagFromName.Rows), "4");
        put(list, new UnsignedShortAttribute(TagFromName.Columns), "4");
        put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), "8");
        put(list, new UnsignedShortAttribute(TagFromName.BitsStored), "8");
        put(list, new UnsignedShortAttribute(TagFromName.HighBit), "7");
        put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "0");
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "PALETTE COLOR");
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        list.put(pixels);
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, "1.2.840.10008.1.2.1", "IRIS_TEST");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, "1.2.840.10008.1.2.1", true, true);
        return out.toByteArray();
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws Exception {
        attribute.addValue(value);
        list.put(attribute);
    }
}

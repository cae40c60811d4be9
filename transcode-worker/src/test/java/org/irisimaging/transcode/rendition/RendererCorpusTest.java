package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.dicom.pixels.NativePixelData;
import org.irisimaging.dicom.pixels.PixelEncoding;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.irisimaging.testsupport.PydicomCorpus;
import org.irisimaging.transcode.rendition.RenditionConfig.StorageTier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image of the pydicom corpus that arrived compressed, in both tiers: it renders — a lossless
 * rendition verified bit for bit against the decoded original, a lossy one verified decodable and
 * close — or it is kept as received with a reason. A lossy original is never rendered. Counts are
 * printed.
 */
class RendererCorpusTest {

    @Test
    void everyCompressedCorpusImageRendersVerifiedOrIsKeptWithAReason() throws Exception {
        for (StorageTier tier : StorageTier.values()) {
            Map<String, String> kept = new TreeMap<>();
            List<String> rendered = new ArrayList<>();
            int reEncoded = 0;
            int keptSv1 = 0;
            for (Path file : PydicomCorpus.all()) {
                DicomFile original = compressedImage(file);
                if (original == null) {
                    continue;
                }
                String name = file.getFileName().toString();
                PixelEncoding encoding = PixelEncoding.of(original.transferSyntaxUid());
                Renderer.Decision decision = Renderer.render(original, tier, 90);
                if (decision instanceof Renderer.Kept k) {
                    assertThat(k.reason()).as(name).isNotBlank().contains(original.transferSyntaxUid());
                    if (encoding.lossy()) {
                        assertThat(k.reason()).as(name + ": kept because it is lossy").contains("compressed lossily");
                    }
                    kept.put(name, (encoding.lossy() ? "lossy " : encoding.decodable() ? "not decodable " : "no decoder ")
                            + original.transferSyntaxUid());
                    continue;
                }
                Renderer.Rendered r = (Renderer.Rendered) decision;
                assertThat(encoding.lossy()).as(name + ": a lossy original is never rendered").isFalse();
                assertThat(r.outcome()).as(name).isEqualTo(tier == StorageTier.LOSSY ? Outcome.LOSSY : Outcome.LOSSLESS);
                AttributeList samples = NativePixelData.decode(original.attributes(), original.transferSyntaxUid());
                if (r.outcome() == Outcome.LOSSLESS) {
                    LosslessRendition.verify(samples, new ByteArrayInputStream(r.part10())); // bit-exact or throws
                    if (r.note() != null && r.note().contains("kept as received")) {
                        keptSv1++;
                    } else {
                        reEncoded++;
                    }
                } else {
                    assertThat(LossyRendition.verify(samples, new ByteArrayInputStream(r.part10()))).startsWith("lossy:");
                }
                rendered.add(name);
            }
            System.out.printf("%s tier, compressed corpus images: %d rendered %s (lossless: %d re-encoded and bit-exact,"
                            + " %d SV1 bitstreams kept), %d kept as received: %s%n",
                    tier, rendered.size(), rendered, reEncoded, keptSv1, kept.size(), kept);
            assertThat(rendered).as(tier + ": RLE, JPEG lossless, JPEG-LS and JPEG 2000 lossless originals render")
                    .contains("MR_small_RLE.dcm", "SC_rgb_rle_16bit.dcm", "SC_rgb_jpeg_gdcm.dcm",
                            "MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm");
            assertThat(kept).as(tier + ": lossy and undecodable originals are kept")
                    .containsKeys("SC_rgb_jpeg_dcmtk.dcm", "JPGExtended.dcm", "JPEG2000.dcm", "SC_rgb_rle_32bit.dcm");
            assertThat(rendered.size() + kept.size()).as("compressed images met").isGreaterThanOrEqualTo(30);
        }
    }

    /** The file as read, if it is a readable image that arrived compressed; else {@code null}. */
    private static DicomFile compressedImage(Path file) {
        try {
            DicomFile dicom = DicomFile.read(file);
            boolean compressed = PixelEncoding.of(dicom.transferSyntaxUid()) != PixelEncoding.NATIVE;
            return compressed && dicom.attributes().get(TagFromName.PixelData) != null ? dicom : null;
        } catch (InvalidDicomException | java.io.IOException e) {
            return null; // not a Part 10 file (the corpus' broken and non-DICOM files)
        }
    }
}

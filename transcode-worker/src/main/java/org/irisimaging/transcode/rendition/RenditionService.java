package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.blob.StoredBlob;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.dicom.jpeg.JpegLosslessEncoder;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.irisimaging.events.InstanceReceived;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Turns a received instance into what is served from then on (flow 2 of DESIGN.md): native pixel
 * data becomes a JPEG Lossless rendition in the blob store (verified apart, by
 * {@link RenditionVerifier}); pixel data that arrived
 * compressed, or that the encoder does not take, is kept as received and the reason recorded;
 * objects without pixel data are served as received. Nothing is ever dropped.
 */
@ApplicationScoped
public class RenditionService {

    private static final Logger LOG = Logger.getLogger(RenditionService.class);
    /** Uncompressed transfer syntaxes: Pixel Data is native and can be encoded. */
    private static final Set<String> NATIVE = Set.of(
            "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99");

    private final BlobStore blobs;
    private final RenditionConfig config;

    RenditionService(BlobStore blobs, RenditionConfig config) {
        this.blobs = blobs;
        this.config = config;
    }

    /**
     * Renders the instance {@code received} announces. Retried with backoff when the blob store
     * fails (the consumer sends the event to the dead-letter topic once retries are exhausted).
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = IOException.class)
    public InstanceRendered render(InstanceReceived received) throws IOException {
        BlobKey originalKey = new BlobKey(received.blobKey());
        DicomFile original;
        try (InputStream in = blobs.open(originalKey)) {
            original = DicomFile.read(in);
        } catch (InvalidDicomException e) {
            // It was checked at ingest: a damaged blob. Keep serving it and say so.
            LOG.errorf("Stored original %s is no longer readable DICOM: %s", originalKey.value(), e.reason());
            return kept(received, "stored original unreadable: " + e.reason());
        }
        AttributeList list = original.attributes();
        if (list.get(TagFromName.PixelData) == null) {
            return result(received, Outcome.NO_PIXEL_DATA, originalKey, received.transferSyntaxUID(),
                    received.sizeBytes(), 0, null);
        }
        if (!NATIVE.contains(original.transferSyntaxUid())) {
            return kept(received, "pixel data arrived compressed (" + original.transferSyntaxUid() + "): kept as received");
        }
        if (config.defaultTier() == RenditionConfig.StorageTier.LOSSY) {
            LOG.debugf("Lossy tier not built yet: %s rendered lossless", received.sopInstanceUID());
        }
        try {
            LosslessRendition.Result rendition = LosslessRendition.render(list);
            BlobKey key = BlobKey.forRendition(received.studyInstanceUID(), received.seriesInstanceUID(),
                    received.sopInstanceUID());
            StoredBlob stored = blobs.write(key, new ByteArrayInputStream(rendition.part10()));
            return result(received, Outcome.LOSSLESS, key, JpegLosslessEncoder.TRANSFER_SYNTAX_UID,
                    stored.sizeBytes(), rendition.frames(), null);
        } catch (UnsupportedPixelDataException e) {
            return kept(received, "pixel data not encodable as JPEG Lossless: " + e.getMessage());
        } catch (DicomException e) {
            return kept(received, "pixel data not readable: " + e.getMessage());
        }
    }

    private static InstanceRendered kept(InstanceReceived received, String note) {
        return result(received, Outcome.KEPT_ORIGINAL, new BlobKey(received.blobKey()), received.transferSyntaxUID(),
                received.sizeBytes(), 0, note);
    }

    private static InstanceRendered result(InstanceReceived received, Outcome outcome, BlobKey key,
                                           String transferSyntaxUID, long size, int frames, String note) {
        return new InstanceRendered(received.studyInstanceUID(), received.seriesInstanceUID(),
                received.sopInstanceUID(), received.sha256(), outcome, key.value(), transferSyntaxUID, size, frames,
                note, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}

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
import org.irisimaging.events.InstanceReceived;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Turns a received instance into what is served from then on (flow 2 of DESIGN.md): its pixel data
 * becomes a rendition in its sending site's storage tier — JPEG Lossless, or baseline JPEG on the
 * lossy tier — stored in the blob store and verified apart ({@link RenditionVerifier}); what arrived
 * lossy, or in an encoding no decoder here takes, is kept as received with the reason (the rules:
 * {@link Renderer}, ADR 0016); objects without pixel data are served as received. Nothing is ever
 * dropped.
 */
@ApplicationScoped
public class RenditionService {

    private static final Logger LOG = Logger.getLogger(RenditionService.class);

    private final BlobStore blobs;
    private final StorageTiers tiers;

    RenditionService(BlobStore blobs, StorageTiers tiers) {
        this.blobs = blobs;
        this.tiers = tiers;
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
        RenditionConfig.StorageTier tier = tiers.tierOf(received);
        Renderer.Decision decision;
        try {
            decision = Renderer.render(original, tier, tiers.lossyQuality());
        } catch (DicomException e) {
            return kept(received, "pixel data not readable: " + e.getMessage());
        } catch (RuntimeException e) {
            // a codec meeting data it cannot handle: keep the original rather than lose the event
            LOG.errorf(e, "Rendering %s failed: original kept", received.sopInstanceUID());
            return kept(received, "rendering failed (" + e.getClass().getSimpleName() + "): kept as received");
        }
        if (decision instanceof Renderer.Kept k) {
            LOG.debugf("Original of %s kept (%s tier): %s", received.sopInstanceUID(), tier, k.reason());
            return kept(received, k.reason());
        }
        Renderer.Rendered rendition = (Renderer.Rendered) decision;
        BlobKey key = BlobKey.forRendition(received.studyInstanceUID(), received.seriesInstanceUID(),
                received.sopInstanceUID());
        StoredBlob stored = blobs.write(key, new ByteArrayInputStream(rendition.part10()));
        return result(received, rendition.outcome(), key, rendition.transferSyntaxUid(), stored.sizeBytes(),
                rendition.frames(), rendition.note());
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

package org.irisimaging.transcode.rendition;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.dicom.jpeg.UnsupportedPixelDataException;
import org.irisimaging.dicom.pixels.NativePixelData;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.irisimaging.events.Topics;
import org.irisimaging.transcode.retention.OriginalRetention;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Verifies every rendition, one at a time, apart from the rendering (which it would slow eightfold)
 * and once no instance has arrived for {@code iris.rendition.verification-quiet-period} (the CPU
 * goes to ingest first). A lossless rendition is decoded by PixelMed and each frame compared sample
 * by sample with the original's native samples (decoded first when the original arrived RLE or
 * JPEG Lossless); a lossy one cannot be identical, so each frame must decode with the JDK's JPEG
 * reader to the image's geometry and stay close to the 8-bit image encoded (ADR 0016). The result is
 * recorded ({@code rendition_verification}: what the retention of originals will rely on) and
 * counted ({@code iris.rendition.verifications}: identical/different, decodable/undecodable). A
 * rendition that fails is withdrawn: {@code instance.rendered} again, with the original kept, so
 * study-index-service serves the original.
 *
 * <p>Its own consumer group on {@code instance.rendered} (channel {@code rendition-verification}:
 * a service cannot consume and produce one channel name).
 */
@ApplicationScoped
public class RenditionVerifier {

    static final String CHANNEL = "rendition-verification";
    private static final Logger LOG = Logger.getLogger(RenditionVerifier.class);

    private final BlobStore blobs;
    private final DataSource dataSource;
    private final MeterRegistry metrics;
    private final Emitter<InstanceRendered> rendered;
    private final IngestActivity activity;
    private final RenditionConfig config;
    private final OriginalRetention retention;

    RenditionVerifier(BlobStore blobs, DataSource dataSource, MeterRegistry metrics,
                      @Channel(Topics.INSTANCE_RENDERED) Emitter<InstanceRendered> rendered,
                      IngestActivity activity, RenditionConfig config, OriginalRetention retention) {
        this.blobs = blobs;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.rendered = rendered;
        this.activity = activity;
        this.config = config;
        this.retention = retention;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<InstanceRendered> message) {
        InstanceRendered event = message.getPayload();
        if (event == null || event.outcome() != Outcome.LOSSLESS && event.outcome() != Outcome.LOSSY) {
            return message.ack(); // nothing to verify (or not ours to judge: the other consumers decide)
        }
        try {
            activity.awaitQuiet(config.verificationQuietPeriod());
            verify(event);
            return message.ack();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return message.nack(e);
        }
    }

    private void verify(InstanceRendered event) throws Exception {
        BlobKey originalKey = BlobKey.forInstance(event.studyInstanceUID(), event.seriesInstanceUID(),
                event.sopInstanceUID());
        byte[] originalBytes;
        try (InputStream in = blobs.open(originalKey)) {
            originalBytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            LOG.debugf("Rendition of %s not verified again: its original was removed", event.sopInstanceUID());
            return;
        }
        if (!event.originalSha256().equals(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(originalBytes)))) {
            // the instance was sent again since: its own rendition will be verified against it
            LOG.debugf("Rendition of %s not verified: about an earlier version", event.sopInstanceUID());
            return;
        }
        DicomFile original;
        try {
            original = DicomFile.read(originalBytes);
        } catch (InvalidDicomException e) {
            throw new IOException("original " + originalKey.value() + " unreadable: " + e.reason(), e);
        }
        boolean lossy = event.outcome() == Outcome.LOSSY;
        String difference = null;
        String finding = null;
        try (InputStream rendition = blobs.open(new BlobKey(event.blobKey()))) {
            AttributeList samples = NativePixelData.decode(original.attributes(), original.transferSyntaxUid());
            if (lossy) {
                finding = LossyRendition.verify(samples, rendition);
            } else {
                LosslessRendition.verify(samples, rendition);
            }
        } catch (VerificationFailed | DicomException e) {
            difference = e.getMessage();
        } catch (UnsupportedPixelDataException e) {
            difference = "original not decodable: " + e.getMessage();
        }
        record(event, difference == null, difference == null ? finding : difference);
        String result = lossy ? (difference == null ? "decodable" : "undecodable") : (difference == null ? "identical" : "different");
        metrics.counter("iris.rendition.verifications", "result", result).increment();
        if (difference != null) {
            LOG.errorf("%s rendition of %s failed verification (%s): withdrawn, the original is served",
                    lossy ? "Lossy" : "Lossless", event.sopInstanceUID(), difference);
            InstanceRendered withdrawn = new InstanceRendered(event.studyInstanceUID(), event.seriesInstanceUID(),
                    event.sopInstanceUID(), event.originalSha256(), Outcome.KEPT_ORIGINAL, originalKey.value(),
                    original.transferSyntaxUid(), originalBytes.length, 0,
                    (lossy ? "lossy" : "lossless") + " rendition failed verification: " + difference,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            CloudEventSender.send(rendered, withdrawn, withdrawn.studyInstanceUID(), EventTypes.INSTANCE_RENDERED)
                    .get(30, TimeUnit.SECONDS);
        } else {
            retention.renditionVerified(event);
        }
    }

    /**
     * {@code identical}: the decoded samples equal the original's (never for a lossy rendition);
     * {@code passed}: the rendition may be served (and, later, the original removed).
     */
    private void record(InstanceRendered event, boolean passed, String note) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into rendition_verification
                         (sop_instance_uid, original_sha256, rendition_blob_key, identical, note, outcome, passed)
                     values (?, ?, ?, ?, ?, ?, ?)
                     on conflict (sop_instance_uid, original_sha256) do update
                        set rendition_blob_key = excluded.rendition_blob_key, identical = excluded.identical,
                            note = excluded.note, outcome = excluded.outcome, passed = excluded.passed,
                            verified_at = now()
                     """)) {
            s.setString(1, event.sopInstanceUID());
            s.setString(2, event.originalSha256());
            s.setString(3, event.blobKey());
            s.setBoolean(4, passed && event.outcome() == Outcome.LOSSLESS);
            s.setString(5, note);
            s.setString(6, event.outcome().name());
            s.setBoolean(7, passed);
            s.executeUpdate();
        }
    }
}

package org.irisimaging.transcode.rendition;

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
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.InstanceRendered.Outcome;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Verifies every lossless rendition, one at a time, apart from the rendering (which it would
 * slow eightfold) and once no instance has arrived for {@code iris.rendition.verification-quiet-period}
 * (the CPU goes to ingest first): PixelMed decodes the stored rendition and each frame is compared sample by
 * sample with the original. The result is recorded ({@code rendition_verification}: what the
 * retention of originals will rely on) and counted ({@code iris.rendition.verifications}). A
 * rendition that differs is withdrawn: {@code instance.rendered} again, with the original kept,
 * so study-index-service serves the original.
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

    RenditionVerifier(BlobStore blobs, DataSource dataSource, MeterRegistry metrics,
                      @Channel(Topics.INSTANCE_RENDERED) Emitter<InstanceRendered> rendered,
                      IngestActivity activity, RenditionConfig config) {
        this.blobs = blobs;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.rendered = rendered;
        this.activity = activity;
        this.config = config;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<InstanceRendered> message) {
        InstanceRendered event = message.getPayload();
        if (event == null || event.outcome() != Outcome.LOSSLESS) {
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
        }
        DicomFile original;
        try {
            original = DicomFile.read(originalBytes);
        } catch (InvalidDicomException e) {
            throw new IOException("original " + originalKey.value() + " unreadable: " + e.reason(), e);
        }
        String difference = null;
        try (InputStream rendition = blobs.open(new BlobKey(event.blobKey()))) {
            LosslessRendition.verify(original.attributes(), rendition);
        } catch (LosslessRendition.VerificationFailed | DicomException e) {
            difference = e.getMessage();
        }
        record(event, difference);
        metrics.counter("iris.rendition.verifications", "result", difference == null ? "identical" : "different")
                .increment();
        if (difference != null) {
            LOG.errorf("Lossless rendition of %s is not identical to its original (%s): withdrawn, the original is served",
                    event.sopInstanceUID(), difference);
            InstanceRendered withdrawn = new InstanceRendered(event.studyInstanceUID(), event.seriesInstanceUID(),
                    event.sopInstanceUID(), event.originalSha256(), Outcome.KEPT_ORIGINAL, originalKey.value(),
                    original.transferSyntaxUid(), originalBytes.length, 0,
                    "lossless rendition failed verification: " + difference, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            CloudEventSender.send(rendered, withdrawn, withdrawn.studyInstanceUID(), EventTypes.INSTANCE_RENDERED)
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private void record(InstanceRendered event, String difference) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into rendition_verification (sop_instance_uid, original_sha256, rendition_blob_key, identical, note)
                     values (?, ?, ?, ?, ?)
                     on conflict (sop_instance_uid, original_sha256) do update
                        set rendition_blob_key = excluded.rendition_blob_key, identical = excluded.identical,
                            note = excluded.note, verified_at = now()
                     """)) {
            s.setString(1, event.sopInstanceUID());
            s.setString(2, event.originalSha256());
            s.setString(3, event.blobKey());
            s.setBoolean(4, difference == null);
            s.setString(5, difference);
            s.executeUpdate();
        }
    }
}

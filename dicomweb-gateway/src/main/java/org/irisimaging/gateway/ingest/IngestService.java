package org.irisimaging.gateway.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.irisimaging.dicom.DataSetTooLargeException;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.DicomJson;
import org.irisimaging.gateway.dicomweb.DicomwebConfig;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.dicom.SopClasses;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.Uids;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.blob.StoredBlob;
import org.irisimaging.gateway.index.InstanceRegistration;
import org.irisimaging.gateway.index.RegisteredInstance;
import org.irisimaging.gateway.index.RegistrationException;
import org.irisimaging.gateway.index.StudyIndexClient;
import org.jboss.logging.Logger;

/**
 * Ingest of one received instance, whichever way it came (DIMSE C-STORE, STOW-RS): the platform's
 * flow 1. In this order, each step only once the previous one succeeded:
 * <ol>
 * <li>parse and validate: a complete, well-formed Part 10 object in a stored transfer syntax, of a
 *     storage SOP class, with SOP Class/Instance, Study and Series Instance UIDs that are DICOM UIDs
 *     and agree with what the request announced;</li>
 * <li>write the original, byte for byte, durably to the blob store at
 *     {@code instances/<study>/<series>/<sop>.dcm};</li>
 * <li>register it in study-index-service (idempotent on SOP Instance UID), which writes the
 *     {@code instance.received} event in the same transaction (its outbox) and publishes it;</li>
 * <li>only then report success, which the caller turns into C-STORE Success / STOW success.</li>
 * </ol>
 *
 * <p>Refusals are {@link IngestException}s carrying a {@link FailureReason} and a short message for
 * the sender (a DIMSE Error Comment holds 64 characters); details go to the log. A refused instance is
 * never half-stored:
 * <ul>
 * <li>refused before the blob write: nothing was written;</li>
 * <li>registration failed (conflict 409 — among them another source's study or another patient,
 *     ADR 0018 —, rejected 400, unavailable after retries): a new blob is removed; a blob that
 *     existed before (a re-send, or another source's instance under the same UIDs) is restored from
 *     the copy taken before it was overwritten, so index and blob store keep agreeing on the
 *     registered version;</li>
 * </ul>
 * What a crash of the gateway itself can leave: a new instance's blob written but not (or not yet)
 * registered, an orphan nothing points to and that a re-send overwrites; or, for a re-sent instance
 * whose registration failed, the new content not yet restored to the previous one (and its
 * {@code .previous} copy), repaired by the next re-send. An orphan sweep is not built yet.
 *
 * <p>Ingests of the same blob key are serialised within this process ({@link KeyLocks}); several
 * gateway replicas receiving the same instance at the same moment are not coordinated (rare: the
 * same PACS sends an instance to one node).
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** Suffix of the copy of a blob kept while a re-sent instance replaces it. */
    private static final String PREVIOUS_SUFFIX = ".previous";

    private final DicomwebConfig dicomweb;
    private final long maxInflatedBytes;
    private final BlobStore blobs;
    private final StudyIndexClient index;
    private final MeterRegistry metrics;
    private final KeyLocks locks = new KeyLocks(256);
    /** Stage received objects in the blob store; one thread per ingest running at once. */
    private final ExecutorService stagingThreads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("blob-staging-", 0).daemon().factory());

    public IngestService(BlobStore blobs, StudyIndexClient index, MeterRegistry metrics, DicomwebConfig dicomweb,
                         IngestConfig config) {
        this.maxInflatedBytes = config.maxInflatedBytes();
        this.dicomweb = dicomweb;
        this.blobs = blobs;
        this.index = index;
        this.metrics = metrics;
    }

    /**
     * Ingests {@code received}; see the class description for the steps and guarantees.
     *
     * @return what was stored and registered
     * @throws IngestException if the instance was refused; nothing of it was kept (see above)
     */
    public IngestOutcome ingest(ReceivedInstance received) throws IngestException {
        Timer.Sample sample = Timer.start(metrics);
        String result = "stored";
        try {
            IngestOutcome outcome = store(received);
            LOG.debugf("Stored instance %s of study %s from %s: %s, %d bytes", outcome.sopInstanceUid(),
                    outcome.studyInstanceUid(), describe(received.source()), outcome.registration(),
                    outcome.blob().sizeBytes());
            return outcome;
        } catch (IngestException e) {
            result = e.reason().name();
            Throwable cause = e.getCause();
            LOG.warnf("Refused an instance from %s: %s %s: %s%s", describe(received.source()), e.reason().hex(),
                    e.reason(), e.getMessage(), cause == null || cause instanceof InvalidDicomException
                            || e.getMessage().equals(cause.getMessage()) ? "" : " (" + cause.getMessage() + ")");
            throw e;
        } finally {
            sample.stop(Timer.builder("iris.ingest.instances")
                    .description("Instances received, by source and result (stored, or the failure reason)")
                    .tag("source", received.source().kind().name())
                    .tag("result", result)
                    .register(metrics));
        }
    }

    /**
     * Records how long one ingest step took ({@code iris.ingest.step}: parse, blob, register) —
     * where C-STORE time goes — and returns the time it ended.
     */
    private long step(String name, long start) {
        long end = System.nanoTime();
        Timer.builder("iris.ingest.step")
                .description("Time of each ingest step of a stored instance")
                .tag("step", name)
                .register(metrics)
                .record(end - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return end;
    }

    private IngestOutcome store(ReceivedInstance received) throws IngestException {
        long start = System.nanoTime();
        // The copy to the blob store (with its fsync and digest) does not need the key: it runs
        // while the object is parsed, and is renamed into place once the key is known.
        CompletableFuture<BlobStore.Staged> staging = CompletableFuture.supplyAsync(() -> {
            try {
                return blobs.stage(received.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, stagingThreads);
        try {
            return store(received, staging, start);
        } finally {
            // Committed (then renamed away) or refused: nothing of it stays in staging, and the
            // copy is over before the sender is answered and the spool file removed.
            try {
                blobs.discard(staged(staging));
            } catch (IOException e) {
                // staging failed: there is nothing to discard
            }
        }
    }

    private IngestOutcome store(ReceivedInstance received, CompletableFuture<BlobStore.Staged> staging, long start)
            throws IngestException {
        DicomFile file = parse(received);
        String sopClass = file.sopClassUid();
        String sopInstance = file.sopInstanceUid();
        String study = file.studyInstanceUid();
        String series = file.seriesInstanceUid();
        String dataset;
        try {
            dataset = DicomJson.toJsonString(file.attributes(),
                    tag -> dicomweb.bulkDataUri(study, series, sopInstance, tag));
        } catch (InvalidDicomException e) {
            throw new IngestException(FailureReason.CANNOT_UNDERSTAND, e.reason(), e);
        }
        BlobKey key = BlobKey.forInstance(study, series, sopInstance); // UIDs checked in parse()
        start = step("parse", start);

        ReentrantLock lock = locks.of(key.value());
        lock.lock();
        try {
            BlobKey previous = keepPrevious(key);
            StoredBlob blob;
            try {
                blob = blobs.commit(staged(staging), key);
                start = step("blob", start);
            } catch (IOException e) {
                discard(previous); // the write is atomic: the blob (if any) is as it was
                throw new IngestException(FailureReason.OUT_OF_RESOURCES, "blob store unavailable, retry later", e);
            }
            RegisteredInstance registered;
            try {
                registered = index.register(new InstanceRegistration(
                        new InstanceRegistration.Source(received.source().kind().name(),
                                received.source().callingAeTitle(), received.source().remoteAddress(),
                                received.source().clientId()),
                        new InstanceRegistration.Blob(key.value(), blob.sizeBytes(), blob.sha256()),
                        file.transferSyntaxUid(), dataset));
                step("register", start);
            } catch (RegistrationException e) {
                undo(key, previous);
                throw switch (e.kind()) {
                    case CONFLICT -> new IngestException(switch (e.refusal()) {
                        case STUDY_OF_ANOTHER_SOURCE -> FailureReason.STUDY_OF_ANOTHER_SOURCE;
                        case PATIENT_MISMATCH -> FailureReason.PATIENT_MISMATCH;
                        case SOP_INSTANCE_CONFLICT, SERIES_INSTANCE_CONFLICT, OTHER -> FailureReason.PROCESSING_FAILURE;
                    }, e.getMessage(), e);
                    case REJECTED -> new IngestException(FailureReason.PROCESSING_FAILURE, "refused by the study index", e);
                    case UNAVAILABLE -> new IngestException(FailureReason.OUT_OF_RESOURCES,
                            "study index unavailable, retry later", e);
                };
            }
            // Registered (and announced, by the index's outbox): blob and index agree.
            discard(previous);
            return new IngestOutcome(study, series, sopInstance, sopClass, file.transferSyntaxUid(), blob,
                    registered.outcome());
        } finally {
            lock.unlock();
        }
    }

    /** The staged copy of the received object, once written. */
    private static BlobStore.Staged staged(CompletableFuture<BlobStore.Staged> staging) throws IOException {
        try {
            return staging.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause()
                    : new IOException("staging the blob failed", e.getCause());
        }
    }

    @PreDestroy
    void stopStaging() {
        stagingThreads.shutdown();
    }

    /** Step 1: the object and its UIDs. */
    private DicomFile parse(ReceivedInstance received) throws IngestException {
        DicomFile file;
        try {
            file = DicomFile.readSkippingPixelData(received.file(), maxInflatedBytes); // the index needs no pixels
        } catch (DataSetTooLargeException e) {
            throw new IngestException(FailureReason.OUT_OF_RESOURCES, e.reason(), e);
        } catch (InvalidDicomException e) {
            throw new IngestException(FailureReason.CANNOT_UNDERSTAND, e.reason(), e);
        } catch (IOException e) {
            throw new IngestException(FailureReason.OUT_OF_RESOURCES, "received object unreadable", e);
        }
        if (!TransferSyntaxes.isStored(file.transferSyntaxUid())) {
            throw new IngestException(FailureReason.CANNOT_UNDERSTAND, "transfer syntax not supported", null);
        }
        ReceivedInstance.Expected expected = received.expected();
        // What the request announced first: the most precise message when both disagree.
        if (expected.sopClassUid() != null && !expected.sopClassUid().equals(file.sopClassUid())) {
            throw new IngestException(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    file.sopClassUid() == null ? "data set has no SOP Class UID (0008,0016)"
                            : "SOP Class UID differs from the Affected SOP Class UID", null);
        }
        if (expected.sopInstanceUid() != null && !expected.sopInstanceUid().equals(file.sopInstanceUid())) {
            throw new IngestException(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    file.sopInstanceUid() == null ? "data set has no SOP Instance UID (0008,0018)"
                            : "SOP Instance UID differs from the Affected SOP Instance UID", null);
        }
        try {
            file.requireInstanceUids();
        } catch (InvalidDicomException e) {
            throw new IngestException(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, e.reason(), e);
        }
        if (expected.studyInstanceUid() != null && !expected.studyInstanceUid().equals(file.studyInstanceUid())) {
            throw new IngestException(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "Study Instance UID differs from the study of the request", null);
        }
        checkStrict("SOP Instance UID (0008,0018)", file.sopInstanceUid());
        checkStrict("Study Instance UID (0020,000D)", file.studyInstanceUid());
        checkStrict("Series Instance UID (0020,000E)", file.seriesInstanceUid());
        if (!SopClasses.isStorage(file.sopClassUid())) {
            throw new IngestException(FailureReason.SOP_CLASS_NOT_SUPPORTED, "not a storage SOP class", null);
        }
        return file;
    }

    private static void checkStrict(String name, String uid) throws IngestException {
        if (!Uids.isValidStrict(uid)) {
            throw new IngestException(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    name + " has a leading zero", null);
        }
    }

    /**
     * Before a re-sent instance overwrites its blob: a copy of the current one, to restore if the
     * registration fails. {@code null} when there is no blob yet (a new instance).
     */
    private BlobKey keepPrevious(BlobKey key) throws IngestException {
        try {
            if (!blobs.exists(key)) {
                return null;
            }
            BlobKey previous = new BlobKey(key.value() + PREVIOUS_SUFFIX);
            try (InputStream current = blobs.open(key)) {
                blobs.write(previous, current);
            }
            return previous;
        } catch (IOException e) {
            throw new IngestException(FailureReason.OUT_OF_RESOURCES, "blob store unavailable, retry later", e);
        }
    }

    /** After a failure: remove the new blob, or put the previous one back. */
    private void undo(BlobKey key, BlobKey previous) {
        try {
            if (previous == null) {
                blobs.delete(key);
            } else {
                try (InputStream in = blobs.open(previous)) {
                    blobs.write(key, in);
                }
                blobs.delete(previous);
            }
        } catch (IOException e) {
            LOG.errorf(e, "Could not %s blob %s after a failed ingest: blob store and study index may disagree",
                    previous == null ? "remove the new" : "restore the previous", key);
        }
    }

    private void discard(BlobKey previous) {
        if (previous == null) {
            return;
        }
        try {
            blobs.delete(previous);
        } catch (IOException e) {
            LOG.warnf("Could not remove %s: %s", previous, e.toString());
        }
    }

    private static String describe(IngestSource source) {
        return source.kind() == IngestSource.Kind.DIMSE
                ? source.callingAeTitle() + " at " + source.remoteAddress()
                : "STOW client at " + source.remoteAddress();
    }
}

package org.irisimaging.transcode.export;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.blob.StoredBlob;
import org.irisimaging.events.ExportRequested;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packages an export (flow 4, ADR 0014): a ZIP holding each listed Part 10 file as stored — byte for
 * byte, renditions included (they are complete Part 10 files) — under its PS3.10 file ID
 * ({@link FileIds}), and a DICOMDIR at the root that references them all. The ZIP is streamed into
 * the blob store as it is written (staged, then committed as {@code exports/<jobId>.zip}), so no
 * temporary copy of the package is needed; a package that fails half-way is discarded.
 */
@ApplicationScoped
public class ExportPackager {

    private static final Logger LOG = Logger.getLogger(ExportPackager.class);
    private static final int PIPE_BUFFER = 256 * 1024;
    static final String DICOMDIR = "DICOMDIR";

    private final BlobStore blobs;

    ExportPackager(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** What a package holds. */
    record Packaged(StoredBlob blob, int files) {
    }

    /**
     * Packages {@code request}. Retried with backoff when the blob store fails; a file that is
     * missing or is not DICOM is no reason to retry ({@link UnpackableExportException}).
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = IOException.class,
            abortOn = UnpackableExportException.class)
    public Packaged pack(ExportRequested request) throws IOException {
        UUID jobId = UUID.fromString(request.jobId());
        List<ExportRequested.Instance> instances = request.instances();
        if (instances.isEmpty()) {
            throw new UnpackableExportException("nothing to package");
        }
        List<String> fileIds = FileIds.assign(instances.stream().map(ExportRequested.Instance::seriesInstanceUID).toList());
        byte[] dicomdir = dicomdir(request.studyInstanceUID(), instances, fileIds);
        StoredBlob stored = streamToStore(BlobKey.forExport(jobId), zip -> {
            for (int i = 0; i < instances.size(); i++) {
                zip.putNextEntry(new ZipEntry(fileIds.get(i)));
                try (InputStream in = open(request.studyInstanceUID(), instances.get(i))) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(DICOMDIR));
            zip.write(dicomdir);
            zip.closeEntry();
        });
        LOG.infof("Export %s packaged: %d files, %d bytes", jobId, instances.size(), stored.sizeBytes());
        return new Packaged(stored, instances.size());
    }

    private byte[] dicomdir(String study, List<ExportRequested.Instance> instances, List<String> fileIds)
            throws IOException {
        DicomDirectoryWriter directory = new DicomDirectoryWriter();
        try {
            for (int i = 0; i < instances.size(); i++) {
                AttributeList header = new AttributeList();
                try (InputStream in = new BufferedInputStream(open(study, instances.get(i)));
                     DicomInputStream din = new DicomInputStream(in)) {
                    header.read(din, TagFromName.PixelData);
                }
                if (header.get(TagFromName.SOPInstanceUID) == null || header.get(TagFromName.TransferSyntaxUID) == null) {
                    throw new UnpackableExportException("a stored file is not a Part 10 DICOM file (file " + (i + 1) + ")");
                }
                directory.add(header, fileIds.get(i));
            }
            return directory.toBytes();
        } catch (DicomException e) {
            throw new UnpackableExportException("a stored file could not be read as DICOM: " + e.getMessage());
        }
    }

    /**
     * The stored file of {@code instance}. An original named at request time may have been removed
     * since, its rendition verified (iris.retention.originals): the rendition stands for it.
     */
    private InputStream open(String study, ExportRequested.Instance instance) throws IOException {
        BlobKey key;
        BlobKey rendition;
        try {
            key = new BlobKey(instance.blobKey());
            rendition = BlobKey.forRendition(study, instance.seriesInstanceUID(), instance.sopInstanceUID());
        } catch (RuntimeException e) {
            throw new UnpackableExportException("an instance has no valid blob key");
        }
        try {
            return blobs.open(key);
        } catch (NoSuchFileException e) {
            try {
                return blobs.open(rendition);
            } catch (NoSuchFileException noRendition) {
                throw new UnpackableExportException("a stored file is missing: " + key.value());
            }
        }
    }

    /** Writes a ZIP through a pipe into a staged blob, then commits it under {@code key}. */
    private StoredBlob streamToStore(BlobKey key, ZipContent content) throws IOException {
        PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
        PipedOutputStream out = new PipedOutputStream(in);
        FutureTask<Void> writer = new FutureTask<>(() -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                content.write(zip);
            }
            return null;
        });
        Thread.ofVirtual().name("export-zip").start(writer);
        BlobStore.Staged staged;
        try {
            staged = blobs.stage(in);
        } catch (IOException | RuntimeException e) {
            in.close(); // the writer fails on its next write instead of waiting for a reader
            try {
                await(writer);
            } catch (IOException | RuntimeException writerFailure) {
                e.addSuppressed(writerFailure);
            }
            throw e;
        }
        try {
            await(writer);
            return blobs.commit(staged, key);
        } catch (IOException | RuntimeException e) {
            blobs.discard(staged);
            throw e;
        }
    }

    private static void await(FutureTask<Void> writer) throws IOException {
        try {
            writer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while packaging", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    @FunctionalInterface
    private interface ZipContent {
        void write(ZipOutputStream zip) throws IOException;
    }
}

package org.irisimaging.gateway.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the gateway keeps blobs: originals while in transit, later JPEG frames, exports and
 * attachments. Implementations: {@link FileSystemBlobStore} (a directory); an S3-compatible object
 * store comes later, so this interface stays to what both can do well: whole-object writes that are
 * durable and atomic, reads, deletes, existence checks. No listing, no renames, no partial writes.
 *
 * <p>Every method is safe to call from several threads at once. Concurrent writes of the same key
 * end with one of the contents, never a mix.
 */
public interface BlobStore {

    /**
     * Writes {@code content} (read to its end, not closed) as the blob {@code key}, replacing any
     * blob of that key atomically: readers see the old content or the new, never a part. When this
     * returns, the blob survives a crash or power loss.
     *
     * @return the key, size and SHA-256 of what was written
     * @throws IOException if it could not be written; then the blob is as it was before
     */
    StoredBlob write(BlobKey key, InputStream content) throws IOException;

    /** {@link #write(BlobKey, InputStream)} with the content of {@code file}. */
    default StoredBlob write(BlobKey key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return write(key, in);
        }
    }

    /**
     * Opens the blob {@code key} for reading; the caller closes the stream.
     *
     * @throws NoSuchFileException if there is no such blob
     */
    InputStream open(BlobKey key) throws IOException;

    /**
     * Removes the blob {@code key}, durably.
     *
     * @return whether there was such a blob
     */
    boolean delete(BlobKey key) throws IOException;

    /** Whether the blob {@code key} exists. */
    boolean exists(BlobKey key) throws IOException;
}

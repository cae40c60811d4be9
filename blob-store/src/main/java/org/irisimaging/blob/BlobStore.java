package org.irisimaging.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

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
     * First half of a write whose key is not known yet: stores {@code content} (read to its end,
     * not closed) durably under no key, and measures it. Lets the copy run while the caller works
     * out the key. Follow with {@link #commit} or {@link #discard}.
     */
    Staged stage(InputStream content) throws IOException;

    /** {@link #stage(InputStream)} with the content of {@code file}. */
    default Staged stage(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return stage(in);
        }
    }

    /**
     * Second half: makes the staged content the blob {@code key}, with the guarantees of
     * {@link #write(BlobKey, InputStream)}. On failure the blob is as it was and the staged content
     * is still to be discarded.
     */
    StoredBlob commit(Staged staged, BlobKey key) throws IOException;

    /** Forgets staged content that will not be committed (never fails). */
    void discard(Staged staged);

    /**
     * Content written by {@link #stage} and not yet under a key.
     *
     * @param id        the store's name for it
     * @param sizeBytes its length
     * @param sha256    SHA-256 of its content, lower-case hexadecimal
     */
    record Staged(String id, long sizeBytes, String sha256) {
    }

    /**
     * Opens the blob {@code key} for reading; the caller closes the stream.
     *
     * @throws NoSuchFileException if there is no such blob
     */
    InputStream open(BlobKey key) throws IOException;

    /**
     * {@link #open} as a channel, for callers that read into buffers of their own (responses
     * written from direct memory); the caller closes it.
     *
     * @throws NoSuchFileException if there is no such blob
     */
    default ReadableByteChannel openChannel(BlobKey key) throws IOException {
        return Channels.newChannel(open(key));
    }

    /**
     * Removes the blob {@code key}, durably.
     *
     * @return whether there was such a blob
     */
    boolean delete(BlobKey key) throws IOException;

    /**
     * Deletes the blob {@code key} only if its content has the SHA-256 {@code sha256} (lower-case
     * hexadecimal): a newer version committed under the same key, before or while this runs, is left
     * in place. Returns whether it deleted.
     */
    boolean deleteIfSha256(BlobKey key, String sha256) throws IOException;

    /**
     * The blobs directly under {@code area} (a key's first component, e.g. {@code exports}), with
     * when each was last written: for housekeeping, never on a request's path.
     */
    List<Listed> list(String area) throws IOException;

    /** A blob as {@link #list} gives it. */
    record Listed(BlobKey key, long sizeBytes, java.time.Instant modified) {
    }

    /** Whether the blob {@code key} exists. */
    boolean exists(BlobKey key) throws IOException;
}

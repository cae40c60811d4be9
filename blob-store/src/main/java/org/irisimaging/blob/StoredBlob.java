package org.irisimaging.blob;

import java.util.Objects;

/**
 * A blob as written: its key, size and content digest.
 *
 * @param key       where it is
 * @param sizeBytes its length in bytes
 * @param sha256    SHA-256 of its content, lower-case hexadecimal
 */
public record StoredBlob(BlobKey key, long sizeBytes, String sha256) {

    public StoredBlob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
    }
}

package org.irisimaging.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A {@link BlobStore} in a directory: the blob {@code a/b/c.dcm} is the file {@code <root>/a/b/c.dcm}.
 *
 * <p>A write is staged to a temporary file in {@code <root>/.staging} (same file system; a file
 * already on that file system is hard-linked there rather than copied), forced
 * to disk ({@code fsync}), then committed: renamed over the target atomically, and both directories
 * forced too, so that the rename itself survives a crash; directories created on the way are made
 * durable the same way. A crash mid-write can leave a staged file ({@code .staging/.tmp-*.part})
 * behind, never a partial blob; the staging directory only ever holds such temporary files.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(FileSystemBlobStore.class);
    private static final int BUFFER_SIZE = 128 * 1024;
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String TEMP_SUFFIX = ".part";
    /** Where content is written before it gets its key; same file system, so commit is a rename. */
    private static final String STAGING_DIRECTORY = ".staging";
    /** Renames tried when a concurrent delete keeps removing the target's empty directory. */
    private static final int COMMIT_ATTEMPTS = 5;

    private final Path root;

    /** A store rooted at {@code root}, which is created if missing. */
    public FileSystemBlobStore(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        Files.createDirectories(root);
        this.root = root.toRealPath();
    }

    /** The root directory (absolute, symbolic links resolved). */
    public Path root() {
        return root;
    }

    @Override
    public StoredBlob write(BlobKey key, InputStream content) throws IOException {
        Staged staged = stage(content);
        try {
            return commit(staged, key);
        } catch (IOException | RuntimeException e) {
            discard(staged);
            throw e;
        }
    }

    @Override
    public Staged stage(InputStream content) throws IOException {
        Path temp = newStagedPath();
        MessageDigest sha256 = sha256();
        long size = 0;
        boolean written = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER_SIZE];
                int n;
                while ((n = content.read(buffer)) > 0) {
                    sha256.update(buffer, 0, n);
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    size += n;
                }
                channel.force(true);
            }
            written = true;
        } finally {
            if (!written) {
                deleteQuietly(temp);
            }
        }
        return new Staged(temp.getFileName().toString(), size, HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * Stages {@code file} without copying it when it is on the store's file system: a hard link in
     * the staging directory, then forced to disk and digested. Writing a CT slice to the page cache
     * costs about as much as the rest of its ingest (a received object would be written twice:
     * spool, then blob). On another file system, or where links are refused, it is copied.
     * {@code file} must not change afterwards (removing it is fine).
     */
    @Override
    public Staged stage(Path file) throws IOException {
        Path temp = newStagedPath();
        try {
            Files.createLink(temp, file);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("Cannot link %s into the blob store (%s): copying it", file, e.toString());
            return BlobStore.super.stage(file);
        }
        boolean staged = false;
        try {
            MessageDigest sha256 = sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
                for (int n; (n = channel.read(buffer.clear())) >= 0; ) {
                    sha256.update(buffer.flip());
                    size += n;
                }
                channel.force(true);
            }
            staged = true;
            return new Staged(temp.getFileName().toString(), size, HexFormat.of().formatHex(sha256.digest()));
        } finally {
            if (!staged) {
                deleteQuietly(temp);
            }
        }
    }

    private Path newStagedPath() throws IOException {
        Path staging = root.resolve(STAGING_DIRECTORY);
        createDirectoriesDurably(staging);
        return staging.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
    }

    @Override
    public StoredBlob commit(Staged staged, BlobKey key) throws IOException {
        Path target = pathOf(key);
        Path directory = target.getParent();
        for (int attempt = 1; ; attempt++) {
            try {
                createDirectoriesDurably(directory);
                Files.move(stagedPath(staged), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                break;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob store's file system cannot rename atomically: " + root, e);
            } catch (NoSuchFileException e) {
                // A delete removed the directory (or its parent), empty for an instant, between
                // its creation and the rename (removeEmptyParents): create it again. Bounded, in
                // case the staged file itself is what is missing.
                if (attempt == COMMIT_ATTEMPTS || !Files.exists(stagedPath(staged))) {
                    throw e;
                }
            }
        }
        // The target directory is forced; if the staging entry survived a crash too, it is only a
        // left-over temporary file.
        forceDirectory(directory);
        return new StoredBlob(key, staged.sizeBytes(), staged.sha256());
    }

    @Override
    public void discard(Staged staged) {
        deleteQuietly(stagedPath(staged));
    }

    private Path stagedPath(Staged staged) {
        String name = staged.id();
        if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX) || name.contains("/")) {
            throw new IllegalArgumentException("not a staged blob of this store");
        }
        return root.resolve(STAGING_DIRECTORY).resolve(name);
    }

    @Override
    public InputStream open(BlobKey key) throws IOException {
        return Files.newInputStream(existing(key));
    }

    /** A {@link FileChannel}: reads go straight into the caller's (direct) buffers. */
    @Override
    public ReadableByteChannel openChannel(BlobKey key) throws IOException {
        return FileChannel.open(existing(key), StandardOpenOption.READ);
    }

    private Path existing(BlobKey key) throws NoSuchFileException {
        Path path = pathOf(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key.value());
        }
        return path;
    }

    @Override
    public boolean delete(BlobKey key) throws IOException {
        Path path = pathOf(key);
        boolean deleted = Files.deleteIfExists(path);
        if (deleted) {
            forceDirectory(path.getParent());
            removeEmptyParents(path.getParent());
        }
        return deleted;
    }

    @Override
    public boolean deleteIfSha256(BlobKey key, String sha256) throws IOException {
        Path path = pathOf(key);
        if (!Files.isRegularFile(path) || !sha256.equals(digest(path))) {
            return false;
        }
        // Moved aside first, then checked again: a version committed meanwhile is never the one deleted.
        Path staging = root.resolve(STAGING_DIRECTORY);
        createDirectoriesDurably(staging);
        Path aside = staging.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (sha256.equals(digest(aside))) {
            Files.delete(aside);
            forceDirectory(path.getParent());
            removeEmptyParents(path.getParent());
            return true;
        }
        // A newer version had replaced it: back under its key, unless an even newer one is there now.
        try {
            Files.createLink(path, aside); // fails, unlike a rename, when the key is taken again
        } catch (FileAlreadyExistsException e) {
            // the even newer version stays
        }
        deleteQuietly(aside);
        return false;
    }

    @Override
    public List<Listed> list(String area) throws IOException {
        Path directory = pathOf(new BlobKey(area + "/x")).getParent();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Listed> listed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                BlobKey key;
                try {
                    key = new BlobKey(area + "/" + file.getFileName());
                } catch (IllegalArgumentException notAKey) {
                    continue; // a temporary or foreign file: not a blob
                }
                if (Files.isRegularFile(file)) {
                    listed.add(new Listed(key, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                }
            }
        }
        return listed;
    }

    private static String digest(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public boolean exists(BlobKey key) {
        return Files.isRegularFile(pathOf(key));
    }

    /** The file of {@code key}; always inside the root (checked again here, not only by the key's grammar). */
    Path pathOf(BlobKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("blob key outside the store");
        }
        return path;
    }

    /**
     * Removes {@code directory} and its parents while they are empty, up to the area directory
     * (e.g. {@code instances/}), so that removed or refused instances leave no empty study and
     * series directories. Race-safe: a directory a writer has just filled is not empty and stays
     * (the delete fails); one removed just after a writer created it is created again by
     * {@link #commit}.
     */
    private void removeEmptyParents(Path directory) {
        for (Path d = directory; d != null && d.startsWith(root) && d.getParent() != null
                && !d.getParent().equals(root); d = d.getParent()) {
            try {
                Files.delete(d);
                forceDirectory(d.getParent());
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                LOG.debugf("Could not remove empty directory %s: %s", d, e.toString());
                return;
            }
        }
    }

    /** Creates the missing directories of {@code directory} and makes each creation durable. */
    private void createDirectoriesDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = directory; d != null && d.startsWith(root) && !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d);
        }
        while (!missing.isEmpty()) {
            Path d = missing.pop();
            try {
                Files.createDirectory(d);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(d)) {
                    throw e;
                }
                continue; // created concurrently: the other writer makes it durable
            }
            forceDirectory(d.getParent());
        }
    }

    /** fsync of a directory: makes the entries created, renamed or removed in it durable. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or sync a directory; data was already forced.
            LOG.debugf("Cannot fsync directory %s: %s", directory, e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warnf("Could not remove temporary blob file %s: %s", path, e.toString());
        }
    }
}

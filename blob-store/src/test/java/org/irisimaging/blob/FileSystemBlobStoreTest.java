package org.irisimaging.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    private static final String SERIES = "1.2.826.0.1.3680043.8.498.1.2";
    private static final String SOP = "1.2.826.0.1.3680043.8.498.1.2.3";

    @TempDir
    Path tmp;
    Path root;
    FileSystemBlobStore store;

    @BeforeEach
    void open() throws IOException {
        root = tmp.resolve("blobs");
        store = new FileSystemBlobStore(root);
    }

    @Test
    void stagedContentIsInvisibleUntilCommittedAndDiscardLeavesNothing() throws Exception {
        byte[] content = "staged before its key is known".getBytes(StandardCharsets.US_ASCII);
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);

        BlobStore.Staged staged = store.stage(new ByteArrayInputStream(content));
        assertEquals(content.length, staged.sizeBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), staged.sha256());
        assertFalse(store.exists(key));

        StoredBlob blob = store.commit(staged, key);
        assertEquals(staged.sha256(), blob.sha256());
        assertArrayEquals(content, Files.readAllBytes(root.resolve(key.value())));
        store.discard(staged); // after a commit: nothing left to remove, and no failure

        BlobStore.Staged abandoned = store.stage(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        store.discard(abandoned);
        try (Stream<Path> staging = Files.list(root.resolve(".staging"))) {
            assertEquals(List.of(), staging.toList(), "staging area empty");
        }
        assertArrayEquals(content, Files.readAllBytes(root.resolve(key.value())), "committed blob untouched");
        assertThrows(IllegalArgumentException.class,
                () -> store.commit(new BlobStore.Staged("../../etc/passwd", 1, staged.sha256()), key));
    }

    @Test
    void aFileOnTheSameFileSystemIsStagedWithoutACopyAndOutlivesItsSource() throws Exception {
        byte[] content = new byte[300_000]; // more than one read buffer
        new java.util.Random(7).nextBytes(content);
        Path received = Files.write(tmp.resolve("received.dcm"), content);

        BlobStore.Staged staged = store.stage(received);

        assertEquals(content.length, staged.sizeBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), staged.sha256());
        Path stagedFile = root.resolve(".staging").resolve(staged.id());
        assertTrue(Files.isSameFile(received, stagedFile), "linked, not copied");
        Files.delete(received); // the receiver removes its file once answered
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        store.commit(staged, key);
        assertArrayEquals(content, Files.readAllBytes(root.resolve(key.value())));
    }

    @Test
    void aBlobOpensAsAFileChannelAndAMissingOneIsNoSuchFile() throws Exception {
        byte[] content = "read into direct buffers".getBytes(StandardCharsets.US_ASCII);
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        store.write(key, new ByteArrayInputStream(content));

        java.nio.ByteBuffer read = java.nio.ByteBuffer.allocateDirect(64);
        try (java.nio.channels.ReadableByteChannel channel = store.openChannel(key)) {
            assertTrue(channel instanceof java.nio.channels.FileChannel);
            while (channel.read(read) >= 0) {
                // to the end
            }
        }
        byte[] bytes = new byte[read.flip().remaining()];
        read.get(bytes);
        assertArrayEquals(content, bytes);
        assertThrows(NoSuchFileException.class, () -> store.openChannel(BlobKey.forInstance(STUDY, SERIES, SOP + ".9")));
    }

    @Test
    void writesReadsAndDescribesABlob() throws Exception {
        byte[] content = "DICM and more".getBytes(StandardCharsets.US_ASCII);
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        assertEquals("instances/" + STUDY + "/" + SERIES + "/" + SOP + ".dcm", key.value());
        assertFalse(store.exists(key));

        StoredBlob blob = store.write(key, new ByteArrayInputStream(content));

        assertEquals(key, blob.key());
        assertEquals(content.length, blob.sizeBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), blob.sha256());
        assertTrue(store.exists(key));
        assertArrayEquals(content, Files.readAllBytes(root.resolve(key.value())));
        try (InputStream in = store.open(key)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals(List.of(), temporaryFiles(), "no temporary file left");
    }

    @Test
    void writesFromAFileAndOverwritesAtomically() throws Exception {
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        Path first = Files.write(tmp.resolve("first"), new byte[100_000]);
        Path second = Files.writeString(tmp.resolve("second"), "second version");
        store.write(key, first);
        StoredBlob replaced = store.write(key, second);
        assertEquals(14, replaced.sizeBytes());
        assertEquals("second version", Files.readString(root.resolve(key.value())));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void aFailedWriteLeavesTheBlobAsItWasAndNoTemporaryFile() throws Exception {
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        store.write(key, new ByteArrayInputStream("original".getBytes(StandardCharsets.US_ASCII)));
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 70_000) {
                    throw new IOException("sender went away");
                }
                return 'x';
            }
        };
        assertThrows(IOException.class, () -> store.write(key, failing));
        assertEquals("original", Files.readString(root.resolve(key.value())));
        assertEquals(List.of(), temporaryFiles());

        BlobKey other = BlobKey.forInstance(STUDY, SERIES, SOP + ".9");
        InputStream failingToo = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("nothing to read");
            }
        };
        assertThrows(IOException.class, () -> store.write(other, failingToo));
        assertFalse(store.exists(other));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void deleteRemovesTheBlobOnly() throws Exception {
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        BlobKey sibling = BlobKey.forInstance(STUDY, SERIES, SOP + ".1");
        store.write(key, new ByteArrayInputStream(new byte[] {1}));
        store.write(sibling, new ByteArrayInputStream(new byte[] {2}));
        assertTrue(store.delete(key));
        assertFalse(store.delete(key));
        assertFalse(store.exists(key));
        assertTrue(store.exists(sibling));
        assertThrows(NoSuchFileException.class, () -> store.open(key));
    }

    @Test
    void deletingTheLastBlobOfASeriesLeavesNoEmptyDirectory() throws Exception {
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        BlobKey otherSeries = BlobKey.forInstance(STUDY, SERIES + ".9", SOP + ".9");
        store.write(key, new ByteArrayInputStream(new byte[] {1}));
        store.write(otherSeries, new ByteArrayInputStream(new byte[] {2}));
        assertTrue(store.delete(key));
        assertFalse(Files.exists(root.resolve("instances").resolve(STUDY).resolve(SERIES)), "empty series directory");
        assertTrue(Files.isDirectory(root.resolve("instances").resolve(STUDY)), "the study still has a series");
        assertTrue(store.deleteIfSha256(otherSeries, store.write(otherSeries, new ByteArrayInputStream(new byte[] {3})).sha256()));
        assertFalse(Files.exists(root.resolve("instances").resolve(STUDY)), "empty study directory");
        assertTrue(Files.isDirectory(root.resolve("instances")), "the area directory stays");
    }

    @Test
    void writesRacingDeletesOfTheSameSeriesAreNeverLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                BlobKey kept = BlobKey.forInstance(STUDY, SERIES, SOP + "." + (round + 1));
                BlobKey removed = BlobKey.forInstance(STUDY, SERIES, SOP);
                store.write(removed, new ByteArrayInputStream(new byte[] {1}));
                Future<Boolean> delete = pool.submit(() -> store.delete(removed));
                Future<StoredBlob> write = pool.submit(() -> store.write(kept, new ByteArrayInputStream(new byte[] {2})));
                assertTrue(delete.get());
                write.get();
                assertTrue(store.exists(kept), "round " + round);
                assertTrue(store.delete(kept));
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(root.resolve("instances").resolve(STUDY)));
    }

    @Test
    void concurrentWritesOfOneKeyEndWithOneWholeContent() throws Exception {
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StoredBlob>> writes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] content = new byte[64 * 1024 + i];
                java.util.Arrays.fill(content, (byte) i);
                writes.add(pool.submit(() -> store.write(key, new ByteArrayInputStream(content))));
            }
            for (Future<StoredBlob> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] stored = Files.readAllBytes(root.resolve(key.value()));
        int i = stored.length - 64 * 1024;
        assertTrue(i >= 0 && i < 32);
        for (byte b : stored) {
            assertEquals((byte) i, b, "a mix of two writes");
        }
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void instanceKeysAreBuiltFromStrictDicomUidsOnly() {
        for (String bad : List.of("", "..", ".", "../../etc", "/etc/passwd", "1.2/../../x", "1.2/3", "%2e%2e", "1.2%2f3",
                "1..2", ".1.2", "1.2.", "1.02", "01.2", "1.2.3a", "1.2 3", "1\\2", "1.2\u0000", "１.２",
                "1." + "2".repeat(63))) {
            assertThrows(IllegalArgumentException.class, () -> BlobKey.forInstance(bad, SERIES, SOP), bad);
            assertThrows(IllegalArgumentException.class, () -> BlobKey.forInstance(STUDY, bad, SOP), bad);
            assertThrows(IllegalArgumentException.class, () -> BlobKey.forInstance(STUDY, SERIES, bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> BlobKey.forInstance(null, SERIES, SOP));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlobKey.forInstance(STUDY, "../../../etc", SOP));
        assertFalse(e.getMessage().contains("etc"), "never echoes the input");
        // the valid edge cases
        BlobKey.forInstance("0", "0.0", "1.0.2");
        BlobKey.forInstance("1." + "2".repeat(62), SERIES, SOP);
    }

    @Test
    void keysCannotNameAnythingOutsideTheRoot() throws IOException {
        for (String bad : List.of("", "/", "/etc/passwd", "..", "../x", "a/../../x", "a/./b", "a//b", "a/", "/a",
                "a\\..\\b", "%2e%2e/x", "a/%2e%2e", ".hidden", "a/.tmp-x.part", "~/x", "a b", "C:\\x", "a/\u00e9")) {
            assertThrows(IllegalArgumentException.class, () -> new BlobKey(bad), bad);
        }
        // Even a key made valid cannot resolve outside the root.
        BlobKey fine = new BlobKey("exports/2026/a-b_c.zip");
        assertTrue(store.pathOf(fine).startsWith(store.root()));
        store.write(fine, new ByteArrayInputStream(new byte[] {1}));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertEquals(Set.of(root.resolve("exports/2026/a-b_c.zip")),
                    Set.copyOf(all.filter(Files::isRegularFile).toList()));
        }
    }


    @Test
    void deleteIfSha256DeletesOnlyTheVersionItNames() throws IOException {
        BlobKey key = BlobKey.forInstance(STUDY, SERIES, SOP);
        StoredBlob first = store.write(key, new ByteArrayInputStream("first".getBytes(StandardCharsets.UTF_8)));
        StoredBlob second = store.write(key, new ByteArrayInputStream("second".getBytes(StandardCharsets.UTF_8)));

        assertFalse(store.deleteIfSha256(key, first.sha256()), "a newer version was written since");
        assertTrue(store.exists(key));
        try (InputStream in = store.open(key)) {
            assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        assertTrue(store.deleteIfSha256(key, second.sha256()));
        assertFalse(store.exists(key));
        assertFalse(store.deleteIfSha256(key, second.sha256()), "already gone");
        assertEquals(List.of(), temporaryFiles());
    }
    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }
}

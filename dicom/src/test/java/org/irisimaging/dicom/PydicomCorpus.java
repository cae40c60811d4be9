package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real DICOM files shipped by the Debian package python3-pydicom (installed by
 * scripts/bootstrap.sh), located at test time through dpkg.
 */
public final class PydicomCorpus {

    private static final String PACKAGE = "python3-pydicom";
    private static final String MARKER = "/data/test_files/";
    private static Optional<Path> dataDir;

    private PydicomCorpus() {
    }

    /** The pydicom {@code data} directory; skips the calling test when the package is absent. */
    static synchronized Path dataDir() {
        if (dataDir == null) {
            dataDir = locate();
        }
        assumeTrue(dataDir.isPresent(), "Debian package " + PACKAGE
                + " is not installed (run scripts/bootstrap.sh): no pydicom sample corpus");
        return dataDir.get();
    }

    static Path testFiles() {
        return dataDir().resolve("test_files");
    }

    static Path charsetFiles() {
        return dataDir().resolve("charset_files");
    }

    public static Path file(String relative) {
        Path p = dataDir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("pydicom corpus file missing: " + relative);
        }
        return p;
    }

    /** Every regular file under test_files, sorted. */
    public static List<Path> testFileList() throws IOException {
        try (Stream<Path> files = Files.walk(testFiles())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every regular file under test_files and charset_files, sorted. */
    static List<Path> allFiles() throws IOException {
        try (Stream<Path> a = Files.walk(testFiles()); Stream<Path> b = Files.walk(charsetFiles())) {
            return Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Optional<Path> locate() {
        try {
            Processes.Result r = Processes.run(List.of("dpkg", "-L", PACKAGE));
            if (r.exitCode() != 0) {
                return Optional.empty();
            }
            return r.stdout().lines()
                    .filter(line -> line.contains(MARKER))
                    .map(line -> Path.of(line.substring(0, line.indexOf(MARKER) + "/data".length())))
                    .filter(Files::isDirectory)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty(); // no dpkg at all
        }
    }
}

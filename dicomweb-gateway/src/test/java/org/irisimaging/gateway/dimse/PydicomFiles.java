package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real DICOM files of the Debian package python3-pydicom (installed by scripts/bootstrap.sh),
 * found through dpkg (the same corpus the dicom module is tested with).
 */
public final class PydicomFiles {

    private static final String MARKER = "/data/test_files/";
    private static Optional<Path> dataDir;

    private PydicomFiles() {
    }

    /** Every regular file under test_files and charset_files, sorted; skips the test without the package. */
    static synchronized List<Path> all() throws IOException {
        if (dataDir == null) {
            dataDir = locate();
        }
        assumeTrue(dataDir.isPresent(), "Debian package python3-pydicom is not installed (scripts/bootstrap.sh)");
        try (Stream<Path> a = Files.walk(dataDir.get().resolve("test_files"));
                Stream<Path> b = Files.walk(dataDir.get().resolve("charset_files"))) {
            return Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** One file of the corpus by name (e.g. {@code MR_small.dcm}). */
    public static Path file(String name) throws IOException {
        return all().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not in the pydicom corpus"));
    }

    private static Optional<Path> locate() throws IOException {
        Dcmtk.Result r = Dcmtk.run(List.of("dpkg", "-L", "python3-pydicom"));
        if (r.exitCode() != 0) {
            return Optional.empty();
        }
        return r.output().lines()
                .filter(line -> line.contains(MARKER))
                .map(line -> Path.of(line.substring(0, line.indexOf(MARKER) + "/data".length())))
                .filter(Files::isDirectory)
                .findFirst();
    }
}

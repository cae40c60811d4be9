package org.irisimaging.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real DICOM files of the Debian package python3-pydicom (installed by scripts/bootstrap.sh),
 * located through dpkg: {@code test_files/} (transfer syntaxes, truncated files...) and
 * {@code charset_files/} (specific character sets, e.g. French ISO_IR 100).
 */
public final class PydicomCorpus {

    private static final String PACKAGE = "python3-pydicom";
    private static final String MARKER = "/data/test_files/";
    private static Optional<Path> dataDir;

    private PydicomCorpus() {
    }

    /** The corpus' {@code data} directory; skips the calling test when the package is absent. */
    public static synchronized Path dataDir() {
        if (dataDir == null) {
            dataDir = locate();
        }
        assumeTrue(dataDir.isPresent(), "Debian package " + PACKAGE + " is not installed (scripts/bootstrap.sh)");
        return dataDir.get();
    }

    /** One file, e.g. {@code test_files/CT_small.dcm} or {@code charset_files/chrFren.dcm}. */
    public static Path file(String relative) {
        Path file = dataDir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("pydicom corpus file missing: " + relative);
        }
        return file;
    }

    /** Every regular file under test_files and charset_files, sorted. */
    public static List<Path> all() throws IOException {
        try (Stream<Path> a = Files.walk(dataDir().resolve("test_files"));
             Stream<Path> b = Files.walk(dataDir().resolve("charset_files"))) {
            return Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Optional<Path> locate() {
        try {
            Process dpkg = new ProcessBuilder("dpkg", "-L", PACKAGE).redirectErrorStream(true).start();
            dpkg.getOutputStream().close();
            String listing = new String(dpkg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (dpkg.waitFor() != 0) {
                return Optional.empty();
            }
            return listing.lines()
                    .filter(line -> line.contains(MARKER))
                    .map(line -> Path.of(line.substring(0, line.indexOf(MARKER) + "/data".length())))
                    .filter(Files::isDirectory)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

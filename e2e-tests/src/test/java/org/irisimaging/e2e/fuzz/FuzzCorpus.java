package org.irisimaging.e2e.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The seed files: the pydicom corpus (Debian package python3-pydicom), every .dcm file in it, sorted. */
public final class FuzzCorpus {

    private FuzzCorpus() {
    }

    public static List<Path> files() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("dpkg", "-L", "python3-pydicom").redirectErrorStream(true).start();
        list.getOutputStream().close();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IllegalStateException("python3-pydicom is not installed (scripts/bootstrap.sh installs it)");
        }
        return listing.lines()
                .filter(line -> line.contains("/pydicom/data/") && line.endsWith(".dcm"))
                .map(Path::of)
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
    }
}

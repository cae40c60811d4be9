package org.irisimaging.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real DICOM files from the pydicom test corpus (Debian package python3-pydicom). */
final class SampleFiles {

    private SampleFiles() {
    }

    static Path pydicom(String name) throws IOException, InterruptedException {
        Process list = new ProcessBuilder("dpkg", "-L", "python3-pydicom").redirectErrorStream(true).start();
        String files = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        return files.lines()
                .filter(line -> line.endsWith("/" + name))
                .map(Path::of)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " not found: is python3-pydicom installed?"));
    }
}

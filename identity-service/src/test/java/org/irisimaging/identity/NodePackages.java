package org.irisimaging.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Copies a node script folder under target/ and installs its npm packages there (exact versions, no lock file). */
public final class NodePackages {

    private NodePackages() {
    }

    /** Copies {@code files} from {@code source} to {@code target}; npm install unless {@code marker} is installed. */
    public static Path install(Path source, Path target, String marker, String... files) throws Exception {
        Files.createDirectories(target);
        for (String file : files) {
            Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(target.resolve("node_modules").resolve(marker))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-package-lock", "--no-audit", "--no-fund")
                    .directory(target.toFile()).redirectErrorStream(true).start();
            npm.getOutputStream().close();
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(npm.exitValue()).as(log).isZero();
        }
        return target;
    }
}

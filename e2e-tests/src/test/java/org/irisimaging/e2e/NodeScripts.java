package org.irisimaging.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The e2e node scripts ({@code src/test/js}) with their npm dependencies, installed once into
 * {@code target/js-interop} at the exact versions of package.json (no lock file is kept).
 */
final class NodeScripts {

    private NodeScripts() {
    }

    static synchronized Path install(Path projectRoot) throws Exception {
        Path source = projectRoot.resolve("e2e-tests/src/test/js");
        Path target = projectRoot.resolve("e2e-tests/target/js-interop");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path record = target.resolve("node_modules/.iris-installed-package.json");
        if (!installed(target.resolve("package.json"), record)) {
            Process npm = new ProcessBuilder("npm", "install", "--no-package-lock", "--no-audit", "--no-fund")
                    .directory(target.toFile()).redirectErrorStream(true).start();
            npm.getOutputStream().close();
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(npm.exitValue()).as(log).isZero();
            Files.copy(target.resolve("package.json"), record, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Installed from this very package.json (a changed version or a new package installs again). */
    private static boolean installed(Path packageJson, Path record) throws IOException {
        return Files.exists(record) && Files.mismatch(packageJson, record) == -1;
    }

}

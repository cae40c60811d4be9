package org.irisimaging.e2e;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's own JavaScript and CSS (its modules, styles, pages and the oidc-client-ts it loads;
 * OHIF aside) stay within 300 KB gzipped, what a doctor's browser fetches on a slow line before the
 * first screen. No platform needed: the files as built (bench/portal.sh prints the same table).
 */
class PortalSizeBudgetTest {

    private static final long BUDGET = 300 * 1024;

    @Test
    void thePortalsJavaScriptAndCssAreAtMost300KbGzipped() throws IOException {
        Path root = Path.of(System.getProperty("iris.project.root", "..")).toAbsolutePath().normalize();
        Path web = root.resolve("portal/src/main/resources/META-INF/resources/portal");
        Path vendor = root.resolve("portal/target/classes/META-INF/resources/portal/vendor");
        List<Path> files;
        try (Stream<Path> own = Files.walk(web); Stream<Path> fetched = Files.walk(vendor)) {
            files = Stream.concat(own, fetched)
                    .filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".css")
                            || p.toString().endsWith(".html"))
                    .toList();
        }
        assertThat(files).as("the modules").anyMatch(p -> p.endsWith("js/app.js"))
                .as("oidc-client-ts, fetched by the portal's build").anyMatch(p -> p.startsWith(vendor));
        long gzipped = 0;
        for (Path file : files) {
            gzipped += gzip(Files.readAllBytes(file));
        }
        System.out.printf("[e2e] the portal's JS, CSS and pages: %d files, %.1f KB gzipped%n", files.size(),
                gzipped / 1024.0);
        assertThat(gzipped).isLessThanOrEqualTo(BUDGET);
    }

    private static int gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        }
        return out.size();
    }
}

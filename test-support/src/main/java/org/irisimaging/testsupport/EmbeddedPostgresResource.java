package org.irisimaging.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.irisimaging.embedded.EmbeddedPostgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL 17 for {@code @QuarkusTest}s: started once per test JVM on a free port with a
 * temporary data directory (removed at JVM exit), database {@code iris} owned by role {@code iris}.
 *
 * <p>Supplies {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username} and
 * {@code quarkus.datasource.password}. The service itself sets {@code quarkus.datasource.db-kind=postgresql}
 * and {@code quarkus.devservices.enabled=false}. The server's own log goes to
 * {@code target/iris-test-postgres.log}.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "postgres";

    @Override
    public Map<String, String> start() {
        return SharedServers.configOf(NAME, () -> {
            // registerShutdownHook: stopped (and its directory deleted) when the test JVM exits.
            EmbeddedPostgres pg = QuietLogging.around(() -> EmbeddedPostgres.builder()
                    .port(0)
                    .logFile(serverLog())
                    .registerShutdownHook(true)
                    .start());
            return Map.of(
                    "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
                    "quarkus.datasource.username", pg.username(),
                    "quarkus.datasource.password", pg.password());
        });
    }

    /**
     * The server's own log (initdb, statements that failed, ...): {@code target/iris-test-postgres.log}
     * of the module under test when there is one (surefire runs in the module's directory), else a
     * temporary file.
     */
    private static Path serverLog() {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Path log = target.resolve("iris-test-postgres.log");
                Files.deleteIfExists(log);
                return log.toAbsolutePath();
            }
            return Files.createTempFile("iris-test-postgres-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing: the server is shared by every test of this JVM and stops with it. */
    @Override
    public void stop() {
    }
}

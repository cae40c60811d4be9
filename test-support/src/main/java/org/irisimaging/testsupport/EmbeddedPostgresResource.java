package org.irisimaging.testsupport;

import java.util.Map;

import org.irisimaging.embedded.EmbeddedPostgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL 17 for {@code @QuarkusTest}s: started once per test JVM on a free port with a
 * temporary data directory (removed at JVM exit), database {@code iris} owned by role {@code iris}.
 *
 * <p>Supplies {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username} and
 * {@code quarkus.datasource.password}. The service itself sets {@code quarkus.datasource.db-kind=postgresql}
 * and {@code quarkus.devservices.enabled=false}.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "postgres";

    @Override
    public Map<String, String> start() {
        return SharedServers.configOf(NAME, () -> {
            // registerShutdownHook: stopped (and its directory deleted) when the test JVM exits.
            EmbeddedPostgres pg = EmbeddedPostgres.builder().port(0).registerShutdownHook(true).start();
            return Map.of(
                    "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
                    "quarkus.datasource.username", pg.username(),
                    "quarkus.datasource.password", pg.password());
        });
    }

    /** Nothing: the server is shared by every test of this JVM and stops with it. */
    @Override
    public void stop() {
    }
}

package org.irisimaging.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path tmp;

    @Test
    void queriesDatabaseIrisAsRoleIris() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(0, null)) {
            assertTrue(pg.port() > 0);
            assertEquals("jdbc:postgresql://localhost:" + pg.port() + "/iris", pg.jdbcUrl());
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_database(), current_user, "
                            + "(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()), "
                            + "current_setting('server_version_num')::int")) {
                assertTrue(rs.next());
                assertEquals("iris", rs.getString(1));
                assertEquals("iris", rs.getString(2));
                assertEquals("iris", rs.getString(3), "database iris is owned by role iris");
                assertTrue(rs.getInt(4) >= 170000, "PostgreSQL 17");
            }
            // The owner may create tables in schema public.
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id int primary key)");
                assertEquals(1, st.executeUpdate("INSERT INTO t VALUES (1)"));
            }
            assertTrue(pg.isTemporary());
            assertTrue(Files.exists(pg.dataDirectory().resolve("PG_VERSION")));
        }
    }

    @Test
    void dataDirectoryPersistsBetweenRuns() throws Exception {
        Path data = tmp.resolve("pg");
        Path log = tmp.resolve("pg.log");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(data).logFile(log).start()) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (name text)");
                st.execute("INSERT INTO kept VALUES ('survives a restart')");
            }
        }
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "data directory kept after close");
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "server stopped");
        assertTrue(Files.size(log) > 0, "server output went to the log file");

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(data).logFile(log).start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM kept")) {
            assertTrue(rs.next());
            assertEquals("survives a restart", rs.getString(1));
            assertFalse(rs.next());
        }
    }

    @Test
    void takenPortFailsFastNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Ports.PortInUseException e = assertThrows(Ports.PortInUseException.class,
                    () -> EmbeddedPostgres.start(port, tmp.resolve("unused")));
            assertEquals(port, e.port());
            assertTrue(e.getMessage().contains(Integer.toString(port)), e.getMessage());
        }
    }
}

package org.irisimaging.embedded;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 17) started from Java.
 *
 * <p>After start a database {@value #DATABASE} owned by role {@value #USERNAME} (password
 * {@value #PASSWORD}) exists. With a {@linkplain Builder#dataDirectory data directory} the cluster
 * persists between runs; without one a temporary cluster is used and deleted on {@link #close()}.
 * The binaries are unpacked once into {@code ${java.io.tmpdir}/iris-embedded-pg} (override with
 * the system property {@value #WORKING_DIR_PROPERTY}). Run as root, zonky starts the server in a
 * user namespace ({@code unshare -U}) since PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DATABASE = "iris";
    public static final String USERNAME = "iris";
    public static final String PASSWORD = "iris";
    public static final String WORKING_DIR_PROPERTY = "iris.embedded-pg.working-dir";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String LOCK_FILE = "epg-lock";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final boolean temporary;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Process orphanGuard;
    private final Thread shutdownHook;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory,
            boolean temporary, Duration startupTime, Process orphanGuard, boolean registerShutdownHook) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.startupTime = startupTime;
        this.orphanGuard = orphanGuard;
        if (registerShutdownHook) {
            this.shutdownHook = new Thread(this::stop, "iris-embedded-postgres-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts on {@code port} (0 = a free port) with a persistent {@code dataDirectory} (null = temporary). */
    public static EmbeddedPostgres start(int port, Path dataDirectory) {
        return builder().port(port).dataDirectory(dataDirectory).start();
    }

    /** {@code jdbc:postgresql://localhost:PORT/iris}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public int port() {
        return server.getPort();
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public String database() {
        return DATABASE;
    }

    /** The cluster's data directory (a temporary one unless it was given). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether the data directory is deleted on {@link #close()}. */
    public boolean isTemporary() {
        return temporary;
    }

    /** Wall-clock time {@link Builder#start()} took (unpack, initdb if needed, start, role and database). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        if (shutdownHook != null && !closed.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or will run: stop() is idempotent
            }
        }
        stop();
    }

    private void stop() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (orphanGuard != null) {
            orphanGuard.destroy();
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL on port " + port(), e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + jdbcUrl() + ", data=" + dataDirectory + "]";
    }

    /** Options for {@link EmbeddedPostgres}. */
    public static final class Builder {
        private int port;
        private Path dataDirectory;
        private Path logFile;
        private boolean registerShutdownHook = true;
        private boolean orphanGuard = true;
        private Duration startupWait = Duration.ofSeconds(60);
        private boolean durable;

        private Builder() {
        }

        /**
         * Whether commits survive a crash of the machine ({@code fsync}, {@code synchronous_commit}
         * and {@code full_page_writes} on, PostgreSQL's own defaults). Default false: the embedded
         * server's test settings, where durability is not worth the fsync of every commit.
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * Whether a tiny {@code sh} watchdog stops the server if this JVM dies without closing it
         * (SIGKILL, a crashed or timed-out test JVM). Default true.
         */
        public Builder orphanGuard(boolean orphanGuard) {
            this.orphanGuard = orphanGuard;
            return this;
        }

        /** TCP port on localhost; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Persistent data directory (created and initialised on first use, kept on close); null = temporary. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Appends the server's own output (initdb, postmaster) to this file instead of logging it through SLF4J at INFO. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Whether a JVM shutdown hook stops the server (default true). */
        public Builder registerShutdownHook(boolean registerShutdownHook) {
            this.registerShutdownHook = registerShutdownHook;
            return this;
        }

        /** How long to wait for the server to accept connections (default 60 s). */
        public Builder startupWait(Duration startupWait) {
            this.startupWait = startupWait;
            return this;
        }

        public EmbeddedPostgres start() {
            long begin = System.nanoTime();
            Ports.requireFree(port, "PostgreSQL");
            try {
                boolean temporary = dataDirectory == null;
                Path dir = temporary
                        ? Files.createTempDirectory("iris-pg-")
                        : dataDirectory.toAbsolutePath();
                if (!temporary) {
                    Files.createDirectories(dir);
                    stopStalePostmaster(dir);
                }
                Path workingDir = Path.of(System.getProperty(WORKING_DIR_PROPERTY,
                        Path.of(System.getProperty("java.io.tmpdir"), "iris-embedded-pg").toString()));
                Files.createDirectories(workingDir);

                var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(workingDir.toFile())
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(temporary)
                        .setRegisterShutdownHook(false) // ours, below: it also ends the orphan guard
                        .setPGStartupWait(startupWait)
                        .setServerConfig("listen_addresses", "localhost");
                if (durable) {
                    builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                            .setServerConfig("full_page_writes", "on");
                }
                if (port != 0) {
                    builder.setPort(port);
                }
                if (logFile != null) {
                    Files.createDirectories(logFile.toAbsolutePath().getParent());
                    ProcessBuilder.Redirect append = ProcessBuilder.Redirect.appendTo(logFile.toFile());
                    builder.setOutputRedirector(append).setErrorRedirector(append);
                }
                var server = builder.start();
                try {
                    ensureDatabase(server);
                } catch (SQLException | RuntimeException e) {
                    server.close();
                    throw new IllegalStateException("PostgreSQL started but the " + DATABASE + " database could not be prepared", e);
                }
                Process guard = orphanGuard ? startOrphanGuard(dir, temporary) : null;
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                LOG.info("PostgreSQL ready on port {} in {} ms (data {})", server.getPort(), took.toMillis(), dir);
                return new EmbeddedPostgres(server, dir, temporary, took, guard, registerShutdownHook);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start PostgreSQL", e);
            }
        }
    }

    /**
     * pg_ctl detaches the postmaster from this JVM, so a JVM killed with SIGKILL would leave it running.
     * The watchdog polls this JVM and sends the postmaster SIGINT (fast shutdown) once the JVM is gone;
     * {@link #close()} kills the watchdog first. For a temporary cluster it also removes the directory.
     */
    private static Process startOrphanGuard(Path dir, boolean temporary) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
            long postmaster = Long.parseLong(lines.get(0).trim());
            long jvm = ProcessHandle.current().pid();
            String script = "trap '' INT HUP; while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; "
                    + "kill -INT " + postmaster + " 2>/dev/null; "
                    + "while kill -0 " + postmaster + " 2>/dev/null; do sleep 0.2; done"
                    + (temporary ? "; rm -rf '" + dir.toString().replace("'", "'\\''") + "'" : "");
            return new ProcessBuilder("sh", "-c", script)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("No orphan guard for PostgreSQL in {}: {}", dir, e.toString());
            return null;
        }
    }

    /** Creates role and database {@code iris} if missing; safe to run on every start. */
    private static void ensureDatabase(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            c.setAutoCommit(true);
            boolean roleExists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, USERNAME);
                try (ResultSet rs = ps.executeQuery()) {
                    roleExists = rs.next();
                }
            }
            try (Statement st = c.createStatement()) {
                if (!roleExists) {
                    st.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
                } else {
                    st.execute("ALTER ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            boolean dbExists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, DATABASE);
                try (ResultSet rs = ps.executeQuery()) {
                    dbExists = rs.next();
                }
            }
            if (!dbExists) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
                }
            }
        }
        // Since PostgreSQL 15 schema public belongs to pg_database_owner, so role iris may create in it.
    }

    /**
     * A postmaster left behind by a killed JVM (SIGKILL skips shutdown hooks) keeps the data
     * directory and port. If no live process holds zonky's lock on the directory, stop it.
     */
    private static void stopStalePostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        if (Files.exists(lockFile)) {
            try (FileOutputStream out = new FileOutputStream(lockFile.toFile(), true);
                    FileLock lock = out.getChannel().tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("data directory " + dir + " is in use by another running PostgreSQL (another stack?)");
                }
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("data directory " + dir + " is already in use in this JVM", e);
            }
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()
                || !handle.get().info().command().orElse("").contains("postgres")) {
            return; // pg_ctl copes with a stale pid file by itself
        }
        LOG.warn("Stopping PostgreSQL process {} left running on {} by an earlier run", pid, dir);
        try {
            // SIGINT = "fast" shutdown: roll back open transactions and exit cleanly.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("could not stop the stale PostgreSQL process " + pid + " on " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping stale PostgreSQL " + pid, e);
        }
    }
}

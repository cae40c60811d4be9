package org.irisimaging.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller, node id 1) running
 * in this JVM.
 *
 * <p>The log directory is formatted with Kafka's own {@link Formatter} (what {@code kafka-storage.sh
 * format} does) unless it already holds {@code meta.properties}; with a
 * {@linkplain Builder#logDirectory log directory} topics and offsets persist between runs, without one
 * a temporary directory is used and deleted on {@link #close()}. Every replication factor and min ISR is
 * 1, topics are created on first use with {@value #DEFAULT_PARTITIONS} partitions, and a consumer group's
 * first rebalance is not delayed.
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final int NODE_ID = 1;
    public static final int DEFAULT_PARTITIONS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EmbeddedKafka(KafkaRaftServer server, Path logDirectory, boolean temporary, int port, int controllerPort,
            Duration startupTime, boolean registerShutdownHook) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
        this.startupTime = startupTime;
        if (registerShutdownHook) {
            this.shutdownHook = new Thread(this::stop, "iris-embedded-kafka-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts with the PLAINTEXT listener on {@code port} (0 = free) and a persistent {@code logDirectory} (null = temporary). */
    public static EmbeddedKafka start(int port, Path logDirectory) {
        return builder().port(port).logDirectory(logDirectory).start();
    }

    /** {@code localhost:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    public boolean isTemporary() {
        return temporary;
    }

    /** Wall-clock time {@link Builder#start()} took (format if needed, start, first metadata answer). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Clean shutdown (broker, then controller) and waits for it; deletes a temporary log directory. Idempotent. */
    @Override
    public void close() {
        if (shutdownHook != null && !closed.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or will run: stop() below is idempotent
            }
        }
        stop();
    }

    private void stop() {
        if (closed.getAndSet(true)) {
            return;
        }
        long begin = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka on port {} stopped in {} ms", port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        if (temporary) {
            deleteRecursively(logDirectory);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", logs=" + logDirectory + "]";
    }

    /** Options for {@link EmbeddedKafka}. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path logDirectory;
        private boolean registerShutdownHook = true;
        private Duration startupWait = Duration.ofSeconds(60);
        private final Properties extra = new Properties();

        private Builder() {
        }

        /** Port of the PLAINTEXT (client) listener on localhost; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Port of the CONTROLLER (KRaft quorum) listener on localhost; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Persistent log directory (formatted on first use, kept on close); null = temporary. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        /** Whether a JVM shutdown hook stops the broker (default true). */
        public Builder registerShutdownHook(boolean registerShutdownHook) {
            this.registerShutdownHook = registerShutdownHook;
            return this;
        }

        /** How long to wait for the broker to answer a metadata request (default 60 s). */
        public Builder startupWait(Duration startupWait) {
            this.startupWait = startupWait;
            return this;
        }

        /** Any other broker setting, applied last (overrides the defaults above). */
        public Builder brokerProperty(String key, String value) {
            extra.setProperty(key, value);
            return this;
        }

        public EmbeddedKafka start() {
            long begin = System.nanoTime();
            Ports.requireFree(port, "Kafka");
            Ports.requireFree(controllerPort, "Kafka controller");
            int clientPort = Ports.resolve(port);
            int quorumPort = Ports.resolve(controllerPort);
            while (quorumPort == clientPort) {
                quorumPort = Ports.freePort();
            }
            boolean temporary = logDirectory == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("iris-kafka-") : logDirectory.toAbsolutePath();
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the Kafka log directory", e);
            }

            KafkaConfig config = new KafkaConfig(brokerProperties(clientPort, quorumPort, dir, extra), false);
            formatIfNeeded(config, dir);

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                awaitReady("localhost:" + clientPort, startupWait);
            } catch (RuntimeException e) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (temporary) {
                    deleteRecursively(dir);
                }
                throw new IllegalStateException("could not start Kafka on port " + clientPort, e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            LOG.info("Kafka ready on localhost:{} in {} ms (logs {})", clientPort, took.toMillis(), dir);
            return new EmbeddedKafka(server, dir, temporary, clientPort, quorumPort, took, registerShutdownHook);
        }
    }

    static Properties brokerProperties(int port, int controllerPort, Path dir, Properties extra) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.toString());
        p.setProperty("metadata.log.dir", dir.toString());

        p.setProperty("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions by default: creating them delays the first consumer group by seconds.
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After an unclean stop (SIGKILL) the restarted broker cannot register until the controller
        // has fenced its previous incarnation: one session timeout (9 s by default). Broker and
        // controller share this process, so shorter heartbeats cost nothing.
        p.setProperty("broker.heartbeat.interval.ms", "1000");
        p.setProperty("broker.session.timeout.ms", "4000");
        // A developer machine, not a cluster: keep the broker light and its shutdown quick.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        // The log cleaner allocates this buffer on the heap at start (128 MB by default).
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.putAll(extra);
        return p;
    }

    /** Formats {@code dir} like {@code kafka-storage.sh format} unless it already holds meta.properties. */
    static void formatIfNeeded(KafkaConfig config, Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(dir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory " + dir, e);
        }
    }

    private static void awaitReady(String bootstrap, Duration wait) {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis(),
                AdminClientConfig.CLIENT_ID_CONFIG, "iris-embedded-kafka-probe");
        try (Admin admin = Admin.create(conf)) {
            if (admin.describeCluster().nodes().get(wait.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                throw new IllegalStateException("Kafka answered with no broker");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not become ready within " + wait, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}

package org.irisimaging.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The developer stack for the run command: real PostgreSQL, Kafka and an SMTP/IMAP sink in one
 * process, with state under {@code --data-dir}.
 *
 * <pre>
 * java -cp 'embedded-stack/target/iris-embedded-stack-VERSION.jar:embedded-stack/target/lib/*' \
 *      org.irisimaging.embedded.DevStack --data-dir DIR [--pg-port 15432] [--kafka-port 19092]
 *      [--kafka-controller-port 19093] [--smtp-port 12525] [--imap-port 12143] [--fresh]
 * </pre>
 *
 * <p>When everything is up it writes {@code DIR/stack.properties} (atomically) and prints the single
 * line {@value #READY_LINE} to standard output; everything else goes to standard error. SIGTERM or
 * SIGINT stops Kafka, then PostgreSQL, then SMTP (about 2 s), and removes {@code stack.properties}.
 * Exit status: 143/130 after SIGTERM/SIGINT (the JVM's usual), 1 when a server fails to start, 2 for
 * bad arguments or a port in use. A shell script that starts this with {@code &} (no job control)
 * leaves SIGINT ignored in it: stop it with SIGTERM. Even after SIGKILL, PostgreSQL is stopped by
 * its orphan guard (see {@link EmbeddedPostgres.Builder#orphanGuard}).
 * PostgreSQL's own log is {@code DIR/pg.log}; other logging is at WARN (SLF4J simple logger; raise it
 * with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info}).
 */
public final class DevStack {

    public static final String READY_LINE = "IRIS-STACK-READY";
    public static final String PROPERTIES_FILE = "stack.properties";

    private final Options options;
    private volatile EmbeddedPostgres postgres;
    private volatile EmbeddedKafka kafka;
    private volatile SmtpSink smtp;

    private DevStack(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        // Before any logger exists: Kafka logs through SLF4J (simple logger, WARN) and a little through
        // the Log4j API, which without log4j-core would complain once; its simple logger prints ERROR only.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        try {
            Ports.requireFree(options.pgPort, "PostgreSQL, --pg-port");
            Ports.requireFree(options.kafkaPort, "Kafka, --kafka-port");
            Ports.requireFree(options.controllerPort, "Kafka controller, --kafka-controller-port");
            Ports.requireFree(options.smtpPort, "SMTP, --smtp-port");
            Ports.requireFree(options.imapPort, "IMAP, --imap-port");
        } catch (Ports.PortInUseException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        DevStack stack = new DevStack(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "iris-dev-stack-shutdown"));
        try {
            stack.start();
        } catch (Throwable e) {
            System.err.println("error: the stack could not start: " + e);
            e.printStackTrace(System.err);
            System.exit(1); // the shutdown hook stops whatever did start
            return;
        }
        try {
            stopped.await(); // until SIGTERM/SIGINT; the JVM exits once the hook is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() throws IOException {
        Path dir = options.dataDir;
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(PROPERTIES_FILE));
        if (options.fresh) {
            EmbeddedKafka.deleteRecursively(dir.resolve("pg"));
            EmbeddedKafka.deleteRecursively(dir.resolve("kafka"));
            Files.deleteIfExists(dir.resolve("pg.log"));
        }
        PrintStream err = System.err;

        postgres = EmbeddedPostgres.builder()
                .port(options.pgPort)
                // the platform's index: an acknowledged instance stays registered through a crash
                .durable(true)
                .dataDirectory(dir.resolve("pg"))
                .logFile(dir.resolve("pg.log"))
                .registerShutdownHook(false)
                .start();
        err.printf("iris-stack: PostgreSQL %s (user %s) ready in %d ms%n",
                postgres.jdbcUrl(), postgres.username(), postgres.startupTime().toMillis());

        kafka = EmbeddedKafka.builder()
                .port(options.kafkaPort)
                .controllerPort(options.controllerPort)
                .logDirectory(dir.resolve("kafka"))
                .registerShutdownHook(false)
                .start();
        err.printf("iris-stack: Kafka %s ready in %d ms%n", kafka.bootstrapServers(), kafka.startupTime().toMillis());

        smtp = SmtpSink.start(options.smtpPort, options.imapPort);
        err.printf("iris-stack: SMTP %s:%d, IMAP %s:%d ready in %d ms%n",
                smtp.host(), smtp.smtpPort(), smtp.host(), smtp.imapPort(), smtp.startupTime().toMillis());

        writeProperties(dir.resolve(PROPERTIES_FILE));
        System.out.println(READY_LINE);
        System.out.flush();
    }

    private void writeProperties(Path target) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jdbc.url", postgres.jdbcUrl());
        p.put("jdbc.username", postgres.username());
        p.put("jdbc.password", postgres.password());
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.put("smtp.host", smtp.host());
        p.put("smtp.port", Integer.toString(smtp.smtpPort()));
        p.put("imap.host", smtp.host());
        p.put("imap.port", Integer.toString(smtp.imapPort()));
        // The same, as Quarkus configuration (usable with quarkus.config.locations).
        p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        p.put("quarkus.datasource.username", postgres.username());
        p.put("quarkus.datasource.password", postgres.password());
        p.put("quarkus.mailer.host", smtp.host());
        p.put("quarkus.mailer.port", Integer.toString(smtp.smtpPort()));
        p.put("quarkus.mailer.mock", "false");
        StringBuilder text = new StringBuilder("# Written by DevStack while the stack runs; removed when it stops.\n");
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path tmp = Files.createTempFile(target.getParent(), PROPERTIES_FILE, ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Kafka first (it may still flush), then PostgreSQL, then SMTP. Each step is independent. */
    private void stop() {
        try {
            Files.deleteIfExists(options.dataDir.resolve(PROPERTIES_FILE));
        } catch (IOException | RuntimeException e) {
            System.err.println("iris-stack: could not remove " + PROPERTIES_FILE + ": " + e);
        }
        stopQuietly("Kafka", kafka);
        stopQuietly("PostgreSQL", postgres);
        stopQuietly("SMTP", smtp);
        System.err.println("iris-stack: stopped");
    }

    private static void stopQuietly(String what, AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("iris-stack: stopping " + what + " failed: " + e);
        }
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: DevStack --data-dir DIR [--pg-port N] [--kafka-port N] [--kafka-controller-port N]
                                [--smtp-port N] [--imap-port N] [--fresh]
                  --data-dir DIR            state: DIR/pg (PostgreSQL), DIR/kafka (Kafka), DIR/stack.properties
                  --pg-port N               PostgreSQL port (default 15432; 0 = any free port)
                  --kafka-port N            Kafka client port (default 19092; 0 = any free port)
                  --kafka-controller-port N Kafka controller port (default 19093; 0 = any free port)
                  --smtp-port N             SMTP port (default 12525; 0 = any free port)
                  --imap-port N             IMAP port, to read the mails (default 12143; 0 = any free port)
                  --fresh                   delete DIR/pg and DIR/kafka first""";

        Path dataDir;
        int pgPort = 15432;
        int kafkaPort = 19092;
        int controllerPort = 19093;
        int smtpPort = 12525;
        int imapPort = 12143;
        boolean fresh;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--fresh" -> o.fresh = true;
                    case "-h", "--help" -> o.help = true;
                    case "--data-dir", "--pg-port", "--kafka-port", "--kafka-controller-port", "--smtp-port", "--imap-port" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        switch (arg) {
                            case "--data-dir" -> o.dataDir = Path.of(value).toAbsolutePath().normalize();
                            case "--pg-port" -> o.pgPort = port(arg, value);
                            case "--kafka-port" -> o.kafkaPort = port(arg, value);
                            case "--kafka-controller-port" -> o.controllerPort = port(arg, value);
                            case "--smtp-port" -> o.smtpPort = port(arg, value);
                            default -> o.imapPort = port(arg, value);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.dataDir == null && !o.help) {
                throw new IllegalArgumentException("--data-dir is required");
            }
            return o;
        }

        private static int port(String option, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a port number (0-65535), not '" + value + "'");
            }
        }
    }
}

package org.irisimaging.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the embedded servers from flooding the test output (Kafka logs pages at INFO on every start,
 * zonky relays initdb's and the postmaster's chatter at INFO).
 *
 * <p>Done through {@code java.util.logging}, which in a Quarkus test is the JBoss LogManager that
 * Kafka's SLF4J calls reach (slf4j-jboss-logmanager), before Quarkus' own logging setup exists. A
 * service can still override any of these with {@code quarkus.log.category."...".level}.
 */
final class QuietLogging {

    /** Broker-only categories: WARN for good. */
    static final List<String> BROKER_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage",
            "io.zonky.test.db.postgres",
            "org.irisimaging.embedded");

    /** Shared with the service's Kafka clients: WARN only while the broker starts (its config dumps). */
    static final List<String> STARTUP_CATEGORIES = List.of(
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.common.utils.AppInfoParser",
            "org.apache.kafka.common.metrics.Metrics",
            "org.apache.kafka.clients.admin.KafkaAdminClient",
            "org.apache.kafka.common.network",
            "org.apache.kafka.common.security");

    /** Strong references: java.util.logging keeps loggers weakly, and with them their levels. */
    private static final List<Logger> KEPT = new ArrayList<>();

    private QuietLogging() {
    }

    /** Runs {@code startup} with the servers' logging turned down. */
    static synchronized <T> T around(Supplier<T> startup) {
        avoidLog4jProviderWarning();
        if (KEPT.isEmpty()) {
            for (String category : BROKER_CATEGORIES) {
                KEPT.add(atLeastWarn(Logger.getLogger(category)));
            }
        }
        Map<Logger, Level> previous = new LinkedHashMap<>();
        for (String category : STARTUP_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            previous.put(logger, logger.getLevel());
            atLeastWarn(logger);
        }
        try {
            return startup.get();
        } finally {
            previous.forEach(Logger::setLevel);
        }
    }

    private static Logger atLeastWarn(Logger logger) {
        if (logger.getLevel() == null || logger.getLevel().intValue() < Level.WARNING.intValue()) {
            logger.setLevel(Level.WARNING);
        }
        return logger;
    }

    /**
     * Kafka makes a few Log4j API calls. Without a Log4j provider on the class path (Quarkus adds one
     * only with quarkus-logging-log4j2 style extensions) the API prints an ERROR about it; its own simple
     * logger (ERROR level) is then the quiet choice.
     */
    private static void avoidLog4jProviderWarning() {
        if (System.getProperty("log4j2.loggerContextFactory") != null) {
            return;
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = QuietLogging.class.getClassLoader();
        }
        if (cl.getResource("META-INF/services/org.apache.logging.log4j.spi.Provider") == null
                && cl.getResource("META-INF/log4j-provider.properties") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }
}

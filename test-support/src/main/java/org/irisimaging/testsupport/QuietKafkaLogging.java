package org.irisimaging.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the in-process broker's loggers down to WARN (Kafka logs pages at INFO on every start).
 *
 * <p>Done through {@code java.util.logging}, which in a Quarkus test is the JBoss LogManager that
 * Kafka's SLF4J calls reach (slf4j-jboss-logmanager), before Quarkus' own logging setup exists. A
 * service can still override any of these with {@code quarkus.log.category."...".level}. Client-side
 * categories ({@code org.apache.kafka.clients}, {@code org.apache.kafka.common}) are left alone.
 */
final class QuietKafkaLogging {

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
            "org.irisimaging.embedded");

    /** Strong references: java.util.logging keeps loggers weakly, and with them their levels. */
    private static final List<Logger> KEPT = new ArrayList<>();

    private QuietKafkaLogging() {
    }

    static synchronized void apply() {
        if (!KEPT.isEmpty()) {
            return;
        }
        for (String category : BROKER_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            if (logger.getLevel() == null || logger.getLevel().intValue() < Level.WARNING.intValue()) {
                logger.setLevel(Level.WARNING);
            }
            KEPT.add(logger);
        }
    }
}

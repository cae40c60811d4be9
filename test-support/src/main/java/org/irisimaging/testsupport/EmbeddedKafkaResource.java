package org.irisimaging.testsupport;

import java.util.Map;

import org.irisimaging.embedded.EmbeddedKafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real single-node Kafka (KRaft) broker for {@code @QuarkusTest}s, in the test JVM: started once per
 * JVM on a free port with a temporary log directory (removed at JVM exit). Topics are created on first
 * use with 3 partitions.
 *
 * <p>Supplies {@code kafka.bootstrap.servers}. The service itself sets
 * {@code quarkus.kafka.devservices.enabled=false} (or {@code quarkus.devservices.enabled=false}).
 * The broker's own logging is turned down to WARN (see {@link QuietLogging}).
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "kafka";

    @Override
    public Map<String, String> start() {
        return SharedServers.configOf(NAME, () -> {
            EmbeddedKafka kafka = QuietLogging.around(
                    () -> EmbeddedKafka.builder().port(0).registerShutdownHook(true).start());
            return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
        });
    }

    /** Nothing: the broker is shared by every test of this JVM and stops with it. */
    @Override
    public void stop() {
    }
}

package org.irisimaging.transcode.export;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The running worker has the purge of export packages scheduled, one interval ahead. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class ExportPurgeScheduleTest {

    @Inject
    Scheduler scheduler;
    @Inject
    ExportPurgeConfig config;

    @Test
    void thePurgeIsScheduledEveryInterval() {
        Trigger purge = scheduler.getScheduledJob("export-purge");
        assertThat(purge).as("export-purge job").isNotNull();
        Instant next = purge.getNextFireTime();
        assertThat(next).isAfter(Instant.now())
                .isBefore(Instant.now().plus(config.purgeInterval()).plus(Duration.ofSeconds(5)));
    }
}

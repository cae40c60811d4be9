package org.irisimaging.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.irisimaging.blob.BlobConfig;
import org.irisimaging.gateway.index.IndexConfig;
import org.junit.jupiter.api.Test;

/** Defaults and required keys of the ingest settings, with SmallRye Config alone (no Quarkus). */
class GatewayConfigTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                .withMapping(IndexConfig.class)
                .withMapping(BlobConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .addDefaultInterceptors()
                .build();
    }

    @Test
    void defaults() {
        SmallRyeConfig c = config(Map.of("iris.blob.root", "/srv/iris/blobs", "java.io.tmpdir", "/var/tmp"));
        IngestConfig ingest = c.getConfigMapping(IngestConfig.class);
        assertEquals(Path.of("/var/tmp/iris-ingest-spool"), ingest.spoolDirectory());
        IndexConfig index = c.getConfigMapping(IndexConfig.class);
        assertTrue(index.url().isEmpty());
        assertEquals(Duration.ofSeconds(2), index.connectTimeout());
        assertEquals(Path.of("/srv/iris/blobs"), c.getConfigMapping(BlobConfig.class).root());
    }

    @Test
    void theBlobRootIsRequired() {
        Exception e = assertThrows(RuntimeException.class, () -> config(Map.of()));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("iris.blob.root"), messages.toString());
    }

    @Test
    void failureReasonsAreTheDicomCodes() {
        assertEquals(0xA700, FailureReason.OUT_OF_RESOURCES.code());
        assertEquals(0xA900, FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.code());
        assertEquals(0xC000, FailureReason.CANNOT_UNDERSTAND.code());
        assertEquals(0x0110, FailureReason.PROCESSING_FAILURE.code());
        assertEquals(0x0122, FailureReason.SOP_CLASS_NOT_SUPPORTED.code());
        assertEquals("0xA700", FailureReason.OUT_OF_RESOURCES.hex());
    }
}

package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping's defaults and its one required key, with SmallRye Config alone (no Quarkus). */
class DimseConfigTest {

    private static DimseConfig map(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DimseConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(DimseConfig.class);
    }

    @Test
    void defaults() {
        DimseConfig c = map(Map.of("iris.dimse.allowed-calling-ae-titles", "STORESCU,ECHOSCU,ORTHANC"));
        assertTrue(c.enabled());
        assertEquals("IRIS", c.aeTitle());
        assertEquals(11112, c.port());
        assertEquals(List.of("STORESCU", "ECHOSCU", "ORTHANC"), c.allowedCallingAeTitles());
    }

    @Test
    void everyKeyCanBeSet() {
        DimseConfig c = map(Map.of("iris.dimse.enabled", "false", "iris.dimse.ae-title", "REGION_SCP",
                "iris.dimse.port", "4242", "iris.dimse.allowed-calling-ae-titles", "PACS_A"));
        assertEquals(false, c.enabled());
        assertEquals("REGION_SCP", c.aeTitle());
        assertEquals(4242, c.port());
        assertEquals(List.of("PACS_A"), c.allowedCallingAeTitles());
    }

    @Test
    void theAllowedCallingAeTitlesAreRequired() {
        Exception e = assertThrows(RuntimeException.class, () -> map(Map.of()));
        Throwable t = e;
        StringBuilder messages = new StringBuilder();
        while (t != null) {
            messages.append(t.getMessage()).append('\n');
            t = t.getCause();
        }
        assertTrue(messages.toString().contains("iris.dimse.allowed-calling-ae-titles"), messages.toString());
    }
}

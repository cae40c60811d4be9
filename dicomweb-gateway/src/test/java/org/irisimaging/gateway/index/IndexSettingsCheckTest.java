package org.irisimaging.gateway.index;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class IndexSettingsCheckTest {

    private static final String URL = "iris.index.url";
    private static final String SECRET = "quarkus.oidc-client.credentials.secret";

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }

    @Test
    void refusesToStartWithoutTheIndexUrlOrTheClientSecret() {
        IndexSettingsCheck check = new IndexSettingsCheck();
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> check.onStart(null, config(Map.of())));
        assertTrue(none.getMessage().contains(URL) && none.getMessage().contains(SECRET), none.getMessage());

        IllegalStateException blankSecret = assertThrows(IllegalStateException.class,
                () -> check.onStart(null, config(Map.of(URL, "http://index:8082", SECRET, " "))));
        assertTrue(blankSecret.getMessage().startsWith(SECRET + " is not set"), blankSecret.getMessage());
        assertFalse(blankSecret.getMessage().contains(URL));

        assertDoesNotThrow(() -> check.onStart(null, config(Map.of(URL, "http://index:8082", SECRET, "s3cret"))));
    }
}

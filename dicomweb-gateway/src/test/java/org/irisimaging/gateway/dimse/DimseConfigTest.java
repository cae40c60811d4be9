package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping's defaults and its required keys, with SmallRye Config alone (no Quarkus). */
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
        DimseConfig c = map(Map.of("iris.dimse.peers.pacs.ae-title", "STORESCU",
                "iris.dimse.peers.pacs.hosts", "127.0.0.1,::1"));
        assertTrue(c.enabled());
        assertEquals("IRIS", c.aeTitle());
        assertEquals(11112, c.port());
        assertFalse(c.tls().port().isPresent(), "TLS is off by default");
        assertEquals("dimse", c.tls().configuration());
        DimseConfig.Peer pacs = c.peers().get("pacs");
        assertEquals("STORESCU", pacs.aeTitle());
        assertEquals(List.of("127.0.0.1", "::1"), pacs.hosts());
        assertEquals(Optional.empty(), pacs.tlsSubject());
        assertEquals(Optional.empty(), pacs.tlsFingerprint());
        assertEquals(Optional.empty(), pacs.establishment(), "a peer belongs to no establishment unless told");
    }

    @Test
    void everyKeyCanBeSet() {
        DimseConfig c = map(Map.of("iris.dimse.enabled", "false", "iris.dimse.ae-title", "REGION_SCP",
                "iris.dimse.port", "4242", "iris.dimse.tls.port", "2762", "iris.dimse.tls.configuration", "pacs-tls",
                "iris.dimse.peers.chu-a.ae-title", "PACS_A", "iris.dimse.peers.chu-a.hosts", "10.1.2.0/24",
                "iris.dimse.peers.chu-a.tls-subject", "CN=pacs.chu-a.example,O=CHU A",
                "iris.dimse.peers.chu-a.tls-fingerprint", "AB:CD",
                "iris.dimse.peers.chu-a.establishment", "750000001"));
        assertEquals(false, c.enabled());
        assertEquals("REGION_SCP", c.aeTitle());
        assertEquals(4242, c.port());
        assertEquals(2762, c.tls().port().getAsInt());
        assertEquals("pacs-tls", c.tls().configuration());
        DimseConfig.Peer a = c.peers().get("chu-a");
        assertEquals("PACS_A", a.aeTitle());
        assertEquals(List.of("10.1.2.0/24"), a.hosts());
        assertEquals(Optional.of("CN=pacs.chu-a.example,O=CHU A"), a.tlsSubject(), "a subject keeps its commas");
        assertEquals(Optional.of("AB:CD"), a.tlsFingerprint());
        assertEquals(Optional.of("750000001"), a.establishment());
    }

    @Test
    void peersCanBeGivenAsEnvironmentVariables() {
        // Kubernetes passes settings as environment variables: there a peer's name is one word
        // (letters, digits), since "_" stands for both "." and "-" in environment variable names.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DimseConfig.class)
                .withSources(new EnvConfigSource(Map.of("IRIS_DIMSE_PEERS_CHUA_AE_TITLE", "PACS_A",
                        "IRIS_DIMSE_PEERS_CHUA_HOSTS", "10.1.2.0/24,10.1.3.7",
                        "IRIS_DIMSE_PEERS_CHUA_TLS_SUBJECT", "CN=pacs.chu-a.example,O=CHU A"), 300))
                .build();
        DimseConfig c = config.getConfigMapping(DimseConfig.class);
        assertEquals(java.util.Set.of("chua"), c.peers().keySet());
        DimseConfig.Peer a = c.peers().get("chua");
        assertEquals("PACS_A", a.aeTitle());
        assertEquals(List.of("10.1.2.0/24", "10.1.3.7"), a.hosts());
        assertEquals(Optional.of("CN=pacs.chu-a.example,O=CHU A"), a.tlsSubject());
    }

    @Test
    void aPeerNeedsItsAeTitleAndHosts() {
        String messages = messages(assertThrows(RuntimeException.class,
                () -> map(Map.of("iris.dimse.peers.pacs.ae-title", "STORESCU"))));
        assertTrue(messages.contains("iris.dimse.peers.pacs.hosts"), messages);
    }

    private static String messages(Throwable t) {
        StringBuilder messages = new StringBuilder();
        while (t != null) {
            messages.append(t.getMessage()).append('\n');
            t = t.getCause();
        }
        return messages.toString();
    }
}

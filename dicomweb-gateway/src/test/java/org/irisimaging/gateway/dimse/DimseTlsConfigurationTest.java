package org.irisimaging.gateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.Test;

/**
 * DICOM TLS configured as an operator would: the SCP's PEM key and certificate and the trust store
 * in a Quarkus TLS configuration named {@code dimse}, a peer bound to its certificate's subject, the
 * TLS port on; dcmtk's echoscu associates over it.
 */
@QuarkusTest
@TestProfile(DimseTlsConfigurationTest.WithTls.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class DimseTlsConfigurationTest {

    static final TestPki PKI;

    static {
        try {
            // under target/, made anew by each build: the profile's class loader and the test's see one PKI
            PKI = TestPki.inDirectory(Path.of("target", "dimse-tls-pki-" + ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class WithTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir = PKI.dir;
            return Map.of("iris.dimse.tls.port", "0",
                    "quarkus.tls.dimse.key-store.pem.0.cert", dir.resolve("scp.pem").toString(),
                    "quarkus.tls.dimse.key-store.pem.0.key", dir.resolve("scp.key").toString(),
                    "quarkus.tls.dimse.trust-store.pem.certs", dir.resolve("ca.pem").toString(),
                    "iris.dimse.peers.chua.ae-title", "PACS_A",
                    "iris.dimse.peers.chua.hosts", "127.0.0.1,::1",
                    "iris.dimse.peers.chua.tls-subject", TestPki.PACS_SUBJECT);
        }
    }

    @Inject
    DimseServer server;

    @Test
    void thePeerAssociatesOverTlsWithItsCertificateOnly() throws Exception {
        assertThat(server.tlsPort()).isPositive();
        Dcmtk.Result bound = PKI.echoscu("PACS_A", "IRIS", server.tlsPort(), "pacs");
        assertThat(bound.exitCode()).as(bound.output()).isZero();
        Dcmtk.Result other = PKI.echoscu("PACS_A", "IRIS", server.tlsPort(), "other");
        assertThat(other.output()).contains("Calling AE Title Not Recognized");
        Dcmtk.Result plain = Dcmtk.echoscu("PACS_A", "IRIS", server.port());
        assertThat(plain.output()).contains("Calling AE Title Not Recognized");
    }
}

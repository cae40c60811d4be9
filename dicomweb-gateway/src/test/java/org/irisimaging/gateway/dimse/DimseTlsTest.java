package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM TLS (PS3.15 Annex B) against dcmtk's echoscu as the peer, with a CA, the SCP's key and
 * certificate and the peers' ones made by openssl for the test: a peer is accepted over TLS only
 * with the certificate bound to it, from its addresses; nothing else gets an association.
 */
class DimseTlsTest {

    private static final String AE = "IRIS";
    private static final String PACS_SUBJECT = TestPki.PACS_SUBJECT;

    @TempDir
    static Path dir;

    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    private static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            logLines.add(record.getLevel() + " " + message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static TestPki pki;
    private static DimseServer server;
    private static int tlsPort;
    private static int plainPort;

    @BeforeAll
    static void start() throws Exception {
        java.util.logging.Logger.getLogger("org.irisimaging.gateway.dimse").addHandler(capture);
        pki = TestPki.create(dir);

        Map<String, DimseConfig.Peer> peers = new LinkedHashMap<>();
        peers.put("chua", new DimseServerTest.PeerConfig("PACS_A", List.of("127.0.0.1", "::1"), Optional.of(PACS_SUBJECT),
                Optional.empty()));
        peers.put("modality", new DimseServerTest.PeerConfig("MODALITY", List.of("127.0.0.1"), Optional.empty(),
                Optional.of(fingerprintWithColons(pki.certificate("fingerprinted")))));
        peers.put("far", new DimseServerTest.PeerConfig("FAR_PACS", List.of("192.0.2.0/24"), Optional.of(PACS_SUBJECT),
                Optional.empty()));
        peers.put("echoscu", new DimseServerTest.PeerConfig("ECHOSCU", "127.0.0.1", "::1"));
        DimseServerTest.Config config = new DimseServerTest.Config(true, AE, 0, peers,
                new DimseServerTest.TlsConfig(OptionalInt.of(0), "dimse"));
        server = new DimseServer(config, DimseServices::verificationOnly, name -> {
            assertEquals("dimse", name);
            return scpContext();
        });
        server.start();
        tlsPort = server.tlsPort();
        plainPort = server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        java.util.logging.Logger.getLogger("org.irisimaging.gateway.dimse").removeHandler(capture);
    }

    @Test
    void listensOnBothPorts() {
        assertTrue(tlsPort > 0 && plainPort > 0 && tlsPort != plainPort);
        assertTrue(logLines.stream().anyMatch(l -> l.equals("INFO DIMSE SCP listening as IRIS on port " + plainPort
                + ", DICOM TLS on port " + tlsPort)), logLines.toString());
    }

    @Test
    void thePeersCertificateOverTlsIsAccepted() throws Exception {
        Dcmtk.Result r = echoscuTls("PACS_A", "pacs");
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aPeerBoundByFingerprintIsAccepted() throws Exception {
        Dcmtk.Result r = echoscuTls("MODALITY", "fingerprinted");
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void anotherTrustedCertificateForThePeersTitleIsRejected() throws Exception {
        Dcmtk.Result r = echoscuTls("PACS_A", "other");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
        awaitLog("DIMSE association refused", "over TLS", "subject 'CN=pacs.chu-b.test,O=CHU B'",
                "is not the one of calling AE title 'PACS_A'");
    }

    @Test
    void theRightCertificateForAnotherTitleIsRejected() throws Exception {
        Dcmtk.Result r = echoscuTls("MODALITY", "pacs");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
    }

    @Test
    void theRightCertificateFromAnotherAddressIsRejected() throws Exception {
        Dcmtk.Result r = echoscuTls("FAR_PACS", "pacs");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
        awaitLog("DIMSE association refused", "calling AE title 'FAR_PACS' not allowed from 127.0.0.1");
    }

    @Test
    void aCertificateFromAnUntrustedCaFailsTheHandshake() throws Exception {
        Dcmtk.Result r = echoscuTls("PACS_A", "rogue");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(!r.output().contains("Association Accepted"), r.output());
        awaitLog("DIMSE TLS handshake failed");
    }

    @Test
    void noClientCertificateFailsTheHandshake() throws Exception {
        // dcmtk's anonymous TLS: encrypted, but no certificate to show
        Dcmtk.Result r = Dcmtk.run(List.of("echoscu", "+tla", "+cf", dir.resolve("ca.pem").toString(),
                "-aet", "PACS_A", "-aec", AE, "127.0.0.1", Integer.toString(tlsPort)));
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(!r.output().contains("Association Accepted"), r.output());
    }

    @Test
    void aPlainConnectionToTheTlsPortFails() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("ECHOSCU", AE, tlsPort);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(!r.output().contains("Association Accepted"), r.output());
        awaitLog("DIMSE TLS handshake failed");
        // and the listener still serves TLS peers afterwards
        assertEquals(0, echoscuTls("PACS_A", "pacs").exitCode());
    }

    @Test
    void aTlsPeerCannotAssociateOnThePlainPort() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("PACS_A", AE, plainPort);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
        awaitLog("DIMSE association refused", "calling AE title 'PACS_A' must associate over TLS");
        // a plain peer still can
        assertEquals(0, Dcmtk.echoscu("ECHOSCU", AE, plainPort).exitCode());
    }

    @Test
    void aPlainPeerCannotAssociateOverTls() throws Exception {
        Dcmtk.Result r = echoscuTls("ECHOSCU", "pacs");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
    }

    @Test
    void refusesToStartWithoutATlsConfiguration() {
        DimseServerTest.Config config = new DimseServerTest.Config(true, AE, 0,
                Map.of("echoscu", new DimseServerTest.PeerConfig("ECHOSCU", "127.0.0.1")),
                new DimseServerTest.TlsConfig(OptionalInt.of(0), "missing"));
        DimseServer s = new DimseServer(config, DimseServices::verificationOnly, DimseServerTest::noTls);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::start);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertEquals(-1, s.port(), "the plain port is not left open either");
    }

    @Test
    void refusesABadFingerprintOrSubject() {
        for (DimseServerTest.PeerConfig bad : List.of(
                new DimseServerTest.PeerConfig("PACS", List.of("127.0.0.1"), Optional.empty(), Optional.of("abcd")),
                new DimseServerTest.PeerConfig("PACS", List.of("127.0.0.1"), Optional.of("not a DN"), Optional.empty()))) {
            DimseServer s = new DimseServer(new DimseServerTest.Config(true, AE, 0, Map.of("pacs", bad),
                    new DimseServerTest.TlsConfig(OptionalInt.empty(), "dimse")), DimseServices::verificationOnly,
                    DimseServerTest::noTls);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::start);
            assertTrue(e.getMessage().startsWith("iris.dimse.peers.pacs.tls-"), e.getMessage());
        }
    }

    /** The SCP's context as the Quarkus TLS registry builds it: its key store and a trust store of the CA. */
    private static SSLContext scpContext() {
        try {
            pki.openssl("pkcs12", "-export", "-in", "scp.pem", "-inkey", "scp.key", "-out", "scp.p12", "-passout",
                    "pass:changeit", "-name", "scp");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("scp.p12"))) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.certificate("ca"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dcmtk.Result echoscuTls(String calling, String client) throws IOException {
        return pki.echoscu(calling, AE, tlsPort, client);
    }

    private static String fingerprintWithColons(X509Certificate certificate) {
        String hex = DimsePeers.fingerprint(certificate).toUpperCase(java.util.Locale.ROOT);
        return String.join(":", hex.split("(?<=\\G..)"));
    }

    private static void awaitLog(String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        java.util.function.Predicate<String> matches = l -> java.util.Arrays.stream(parts).allMatch(l::contains);
        while (logLines.stream().noneMatch(matches) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(logLines.stream().anyMatch(matches), String.join(" ", parts) + " not in " + logLines);
    }
}

package org.irisimaging.gateway.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and certificates for DICOM TLS tests, made by openssl at test time (nothing kept in the
 * repository): a CA; the SCP's certificate; a PACS's ({@link #PACS_SUBJECT}); another PACS's from
 * the same CA, bound to no peer; a modality's (bound by fingerprint); and a rogue one with the
 * PACS's very subject from a CA nobody trusts. Files: {@code name.key}, {@code name.pem}.
 */
final class TestPki {

    static final String PACS_SUBJECT = "CN=pacs.chu-a.test,O=CHU A";

    final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    static TestPki create(Path dir) throws IOException {
        TestPki pki = new TestPki(dir);
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Iris test CA");
        pki.issue("scp", "/CN=localhost", "ca");
        pki.issue("pacs", "/O=CHU A/CN=pacs.chu-a.test", "ca");
        pki.issue("other", "/O=CHU B/CN=pacs.chu-b.test", "ca");
        pki.issue("fingerprinted", "/CN=modality.chu-a.test", "ca");
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue-ca.key", "-out", "rogue-ca.pem",
                "-days", "2", "-subj", "/CN=Rogue CA");
        pki.issue("rogue", "/O=CHU A/CN=pacs.chu-a.test", "rogue-ca");
        return pki;
    }

    /**
     * The PKI in {@code dir}, made on first use: for a Quarkus test whose profile and test method see
     * the same files although each class loader runs the test class's initialisers anew.
     */
    static synchronized TestPki inDirectory(Path dir) throws IOException {
        Path ready = dir.resolve("ready");
        if (!Files.exists(ready)) {
            Files.createDirectories(dir);
            create(dir);
            Files.createFile(ready);
        }
        return new TestPki(dir);
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    X509Certificate certificate(String name) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
    }

    /** {@code echoscu} over TLS with {@code client}'s key and certificate, trusting the test CA. */
    Dcmtk.Result echoscu(String calling, String called, int port, String client) throws IOException {
        return Dcmtk.run(List.of("echoscu", "+tls", file(client + ".key").toString(), file(client + ".pem").toString(),
                "-pw", "+cf", file("ca.pem").toString(), "-aet", calling, "-aec", called, "127.0.0.1",
                Integer.toString(port)));
    }

    /** A key and a certificate signed by {@code ca}: {@code name}.key, {@code name}.pem. */
    void issue(String name, String subject, String ca) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2");
    }

    void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(command + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }
}

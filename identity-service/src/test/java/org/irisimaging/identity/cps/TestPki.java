package org.irisimaging.identity.cps;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A throw-away PKI made at test time with Bouncy Castle: CAs, the TLS listener's certificate, CPS
 * card certificates (subject CN = idNat_PS) and CRLs. Nothing of it is kept in the repository.
 */
public final class TestPki {

    /** Where the test resource writes the PKI (the service reads it from there). */
    public static final Path DIR = Path.of("target/cps-test-pki");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    }

    private TestPki() {
    }

    public static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    public static Issued ca(String name) throws Exception {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name + ", O=Iris tests, C=FR");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        return new Issued(certificate, keys.getPrivate(), List.of(certificate));
    }

    /** A card certificate for {@code cn} valid from {@code notBefore} to {@code notAfter}, issued by {@code ca}. */
    public static Issued card(Issued ca, String cn, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = keyPair();
        var builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=" + cn + ", OU=Médecin, O=Iris tests, C=FR"), keys.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        X509Certificate certificate = sign(builder, ca.key());
        return new Issued(certificate, keys.getPrivate(), List.of(certificate, ca.certificate()));
    }

    /** A card certificate valid now (for a year). */
    public static Issued card(Issued ca, String cn) throws Exception {
        Instant now = Instant.now();
        return card(ca, cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /** The TLS listener's certificate for localhost. */
    public static Issued server(Issued ca) throws Exception {
        KeyPair keys = keyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                new X500Name("CN=localhost, O=Iris tests, C=FR"), keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate certificate = sign(builder, ca.key());
        return new Issued(certificate, keys.getPrivate(), List.of(certificate, ca.certificate()));
    }

    /** A CRL of {@code ca} revoking {@code revoked}, valid for a day. */
    public static String crlPem(Issued ca, X509Certificate... revoked) throws Exception {
        Instant now = Instant.now();
        return crlPem(ca, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), revoked);
    }

    /** A CRL of {@code ca} issued at {@code thisUpdate}, whose next update is due at {@code nextUpdate}. */
    public static String crlPem(Issued ca, Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked)
            throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (X509Certificate c : revoked) {
            builder.addCRLEntry(c.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
        }
        var crl = new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())));
        return pem(crl);
    }

    public static String pem(Object... objects) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        return out.toString();
    }

    /** Writes {@code issued}'s certificate (chain) and key as PEM files {@code name}.pem and {@code name}-key.pem. */
    public static void write(Issued issued, String name) throws Exception {
        Files.createDirectories(DIR);
        Files.writeString(DIR.resolve(name + ".pem"), pem(issued.chain().toArray()));
        try (Writer out = Files.newBufferedWriter(DIR.resolve(name + "-key.pem"));
             JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(issued.key(), null));
        }
    }

    /** Reads back what {@link #write} wrote. */
    public static Issued read(String name) throws Exception {
        List<X509Certificate> chain;
        try (var in = Files.newInputStream(DIR.resolve(name + ".pem"))) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
        PrivateKey key;
        try (Reader in = Files.newBufferedReader(DIR.resolve(name + "-key.pem")); PEMParser parser = new PEMParser(in)) {
            key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
        return new Issued(chain.getFirst(), key, chain);
    }

    /** A TLS client context presenting {@code card} (or no certificate when null) and trusting {@code serverCa}. */
    public static SSLContext client(Issued card, X509Certificate serverCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "test".toCharArray();
        if (card != null) {
            keys.setKeyEntry("card", card.key(), password, card.chain().toArray(X509Certificate[]::new));
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", serverCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        X509KeyManager chosen = (X509KeyManager) kmf.getKeyManagers()[0];
        // Presents the card whatever CAs the server asks for, as a misconfigured or hostile client would
        // (a browser only offers certificates of the CAs the server names).
        X509KeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                return card == null ? null : "card";
            }

            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return card == null ? null : new String[] {"card"};
            }

            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return card == null ? null : "card";
            }

            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            public X509Certificate[] getCertificateChain(String alias) {
                return chosen.getCertificateChain(alias);
            }

            public PrivateKey getPrivateKey(String alias) {
                return chosen.getPrivateKey(alias);
            }
        };
        context.init(new KeyManager[] {always}, tmf.getTrustManagers(), RANDOM);
        return context;
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}

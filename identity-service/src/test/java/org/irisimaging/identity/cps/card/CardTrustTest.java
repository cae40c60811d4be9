package org.irisimaging.identity.cps.card;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.cps.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application-side checks of a card's certificate, which are all that stands when the TLS is
 * ended by an ingress: another CA's card, a certificate not meant for client authentication, a
 * good one (leaf only or with its chain).
 */
class CardTrustTest {

    @TempDir
    Path dir;

    private TestPki.Issued ca;
    private CardTrust trust;

    @BeforeEach
    void setUp() throws Exception {
        ca = TestPki.ca("Unit card CA");
        Files.writeString(dir.resolve("ca.pem"), TestPki.pem(ca.certificate()));
        Files.writeString(dir.resolve("ca.crl"), TestPki.crlPem(ca));
        trust = new CardTrust(settings(dir.resolve("ca.pem"), dir.resolve("ca.crl")));
        trust.load();
    }

    @Test
    void aGoodCardGivesItsIdNatPs() throws Exception {
        TestPki.Issued card = TestPki.card(ca, "02B1234567");
        assertThat(trust.verify(List.of(card.certificate()))).isEqualTo(new CardTrust.Verified("02B1234567"));
        assertThat(trust.verify(card.chain())).isEqualTo(new CardTrust.Verified("02B1234567"));
    }

    @Test
    void anotherCasCardIsUntrustedEvenUnderTheSameName() throws Exception {
        CardTrust.Rejected untrusted = new CardTrust.Rejected("certificate_untrusted", "errorCardUntrusted");
        assertThat(trust.verify(TestPki.card(TestPki.ca("Other CA"), "812345678901").chain())).isEqualTo(untrusted);
        assertThat(trust.verify(TestPki.card(TestPki.ca("Unit card CA"), "812345678901").chain())).isEqualTo(untrusted);
    }

    @Test
    void aCertificateNotForClientAuthenticationIsRefused() throws Exception {
        KeyPair keys = TestPki.keyPair();
        Instant now = Instant.now();
        X509Certificate serverOnly = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                ca.certificate(), BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=812345678901"), keys.getPublic())
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())));
        assertThat(trust.verify(List.of(serverOnly))).isEqualTo(
                new CardTrust.Rejected("certificate_not_for_client_auth", "errorCardInvalid"));
    }

    @Test
    void noCertificateIsSaidSo() {
        assertThat(trust.verify(List.of())).isEqualTo(new CardTrust.Rejected("no_certificate", "errorCardMissing"));
    }

    private static IdentityConfig.Mtls settings(Path caFile, Path crlFile) {
        return new IdentityConfig.Mtls() {
            public boolean enabled() {
                return true;
            }

            public String tlsTermination() {
                return "ingress";
            }

            public String certificateHeader() {
                return "ssl-client-cert";
            }

            public Optional<List<String>> trustedProxies() {
                return Optional.of(List.of("10.0.0.0/8"));
            }

            public Optional<URI> publicUrl() {
                return Optional.of(URI.create("https://cps.example.org"));
            }

            public String host() {
                return "localhost";
            }

            public int port() {
                return 0;
            }

            public Optional<Path> certificateFile() {
                return Optional.empty();
            }

            public Optional<Path> keyFile() {
                return Optional.empty();
            }

            public Optional<List<Path>> trustedCaFiles() {
                return Optional.of(List.of(caFile));
            }

            public Optional<List<Path>> crlFiles() {
                return Optional.of(List.of(crlFile));
            }

            public boolean checkRevocation() {
                return true;
            }
        };
    }
}

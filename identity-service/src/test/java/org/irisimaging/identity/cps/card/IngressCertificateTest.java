package org.irisimaging.identity.cps.card;

import org.irisimaging.identity.cps.TestPki;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The certificate header of an ingress that ended TLS (NGINX ingress's URL-encoded PEM) is read only
 * from the configured proxy addresses: anyone else could send a practitioner's (public) certificate.
 */
class IngressCertificateTest {

    private final IngressCertificate ingress = new IngressCertificate(List.of("10.42.0.0/16", "192.0.2.7", "fd00::/8"));

    @Test
    void theIngressHeaderGivesTheCertificate() throws Exception {
        TestPki.Issued card = TestPki.card(TestPki.ca("Header CA"), "812345678901");
        String header = URLEncoder.encode(TestPki.pem(card.certificate()), StandardCharsets.UTF_8);
        assertThat(ingress.read("10.42.3.9", header))
                .isEqualTo(new IngressCertificate.Presented(List.of(card.certificate())));
        assertThat(ingress.read("192.0.2.7", header)).isInstanceOf(IngressCertificate.Presented.class);
        assertThat(ingress.read("fd12::1", header)).isInstanceOf(IngressCertificate.Presented.class);
    }

    @Test
    void theHeaderFromAnyOtherPeerIsRefused() throws Exception {
        TestPki.Issued card = TestPki.card(TestPki.ca("Header CA"), "812345678901");
        String header = URLEncoder.encode(TestPki.pem(card.certificate()), StandardCharsets.UTF_8);
        assertThat(ingress.read("10.43.0.1", header)).isInstanceOf(IngressCertificate.UntrustedPeer.class);
        assertThat(ingress.read("192.0.2.8", header)).isInstanceOf(IngressCertificate.UntrustedPeer.class);
        assertThat(ingress.read("127.0.0.1", header)).isInstanceOf(IngressCertificate.UntrustedPeer.class);
        assertThat(ingress.read(null, header)).isInstanceOf(IngressCertificate.UntrustedPeer.class);
    }

    @Test
    void noHeaderAndGarbageAreToldApart() {
        assertThat(ingress.read("10.42.0.1", null)).isInstanceOf(IngressCertificate.Absent.class);
        assertThat(ingress.read("10.42.0.1", "")).isInstanceOf(IngressCertificate.Absent.class);
        assertThat(ingress.read("10.42.0.1", "-----BEGIN%20CERTIFICATE-----%0Agarbage"))
                .isInstanceOf(IngressCertificate.Unreadable.class);
    }

    @Test
    void aTrustedProxyMustBeALiteralAddressOrRange() {
        assertThatThrownBy(() -> new IngressCertificate(List.of("ingress.example.org")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new IngressCertificate(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalStateException.class);
    }
}

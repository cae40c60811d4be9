package org.irisimaging.identity.cps.card;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The card certificate that an ingress which ended TLS passes in a header (NGINX ingress:
 * {@code ssl-client-cert}, the URL-encoded PEM). A certificate is public: the header proves nothing
 * unless it comes from the ingress that did the handshake, so it is believed only from the configured
 * proxy addresses, on a listener that only that ingress reaches.
 */
final class IngressCertificate {

    /** What the header gave. */
    sealed interface Read permits Presented, Absent, UntrustedPeer, Unreadable {
    }

    record Presented(List<X509Certificate> chain) implements Read {
    }

    record Absent() implements Read {
    }

    record UntrustedPeer() implements Read {
    }

    record Unreadable() implements Read {
    }

    private record Range(byte[] network, int prefix) {
    }

    private final List<Range> trusted;

    IngressCertificate(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(IngressCertificate::range).toList();
    }

    Read read(String peerAddress, String header) {
        if (header == null || header.isBlank()) {
            return new Absent();
        }
        if (!isTrusted(peerAddress)) {
            return new UntrustedPeer();
        }
        try {
            String pem = URLDecoder.decode(header, StandardCharsets.UTF_8);
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            return chain.isEmpty() ? new Unreadable() : new Presented(chain);
        } catch (CertificateException | IllegalArgumentException e) {
            return new Unreadable();
        }
    }

    boolean isTrusted(String peerAddress) {
        byte[] peer;
        try {
            peer = peerAddress == null ? null : InetAddress.getByName(peerAddress).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        return peer != null && trusted.stream().anyMatch(r -> contains(r, peer));
    }

    private static boolean contains(Range range, byte[] address) {
        if (range.network().length != address.length) {
            return false;
        }
        int bits = range.prefix();
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((address[i] & mask) != (range.network()[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An address ({@code 10.1.2.3}) or a CIDR range ({@code 10.0.0.0/8}); literal addresses only, no names. */
    private static Range range(String value) {
        String[] parts = value.strip().split("/", 2);
        if (!parts[0].matches("[0-9a-fA-F:.]+")) {
            throw new IllegalStateException("iris.identity.cps.mtls.trusted-proxies: not an address: " + value);
        }
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 1 ? network.length * 8 : Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalStateException("iris.identity.cps.mtls.trusted-proxies: bad prefix in " + value);
            }
            return new Range(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalStateException("iris.identity.cps.mtls.trusted-proxies: not an address or range: " + value, e);
        }
    }
}

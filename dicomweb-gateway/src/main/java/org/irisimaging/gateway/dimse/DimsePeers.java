package org.irisimaging.gateway.dimse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The peers allowed to associate ({@link DimseConfig#peers()}), and the one decision about a
 * connection: which peer it is, or why it is none. A peer is an AE title, the addresses it connects
 * from and, when it has a certificate, that certificate: such a peer is only accepted over TLS
 * (PS3.15 Annex B) with that certificate, and a peer without one only on the plain port.
 */
final class DimsePeers {

    /**
     * One allowed peer.
     *
     * @param name        the operator's name for it (the configuration key)
     * @param aeTitle     its calling AE title
     * @param hosts       the addresses it connects from
     * @param subject     its client certificate's subject, if bound by subject
     * @param fingerprint its client certificate's SHA-256 fingerprint (lower-case hex), if bound by it
     */
    record Peer(String name, String aeTitle, List<AddressBlock> hosts, Optional<X500Principal> subject,
            Optional<String> fingerprint) {

        boolean usesTls() {
            return subject.isPresent() || fingerprint.isPresent();
        }

        boolean connectsFrom(InetAddress address) {
            return hosts.stream().anyMatch(b -> b.contains(address));
        }

        boolean holds(X509Certificate certificate) {
            return subject.map(s -> s.equals(certificate.getSubjectX500Principal())).orElse(true)
                    && fingerprint.map(f -> f.equals(DimsePeers.fingerprint(certificate))).orElse(true);
        }
    }

    /**
     * The decision on one association request.
     *
     * @param peer   the peer it comes from, or {@code null} when refused
     * @param reason why it was refused (AE title, address, certificate: no data set content)
     */
    record Admission(Peer peer, String reason) {

        boolean admitted() {
            return peer != null;
        }
    }

    private final List<Peer> peers;

    private DimsePeers(List<Peer> peers) {
        this.peers = List.copyOf(peers);
    }

    /** Checks and resolves the configured peers; fails naming the key at fault. */
    static DimsePeers of(Map<String, DimseConfig.Peer> configured) {
        List<Peer> peers = new ArrayList<>();
        if (configured != null) {
            for (Map.Entry<String, DimseConfig.Peer> e : new java.util.TreeMap<>(configured).entrySet()) {
                peers.add(peer(e.getKey(), e.getValue()));
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalStateException("iris.dimse.peers lists no peer: name the PACS allowed to connect"
                    + " (iris.dimse.peers.<name>.ae-title and .hosts), or set iris.dimse.enabled=false");
        }
        return new DimsePeers(peers);
    }

    private static Peer peer(String name, DimseConfig.Peer c) {
        String key = "iris.dimse.peers." + name;
        if (!AssociateRequest.isValidAeTitle(c.aeTitle())) {
            throw new IllegalArgumentException(key + ".ae-title: '" + c.aeTitle()
                    + "' is not an AE title (1 to 16 printable characters, no backslash)");
        }
        List<AddressBlock> hosts = new ArrayList<>();
        for (String host : c.hosts()) {
            if (host == null || host.isBlank()) {
                continue;
            }
            try {
                hosts.addAll(AddressBlock.parse(host));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(key + ".hosts: '" + host + "' is not an address, CIDR block or"
                        + " resolvable host name (" + e.getMessage() + ")", e);
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(key + ".hosts lists no address");
        }
        Optional<X500Principal> subject;
        try {
            subject = c.tlsSubject().filter(s -> !s.isBlank()).map(X500Principal::new);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".tls-subject is not a distinguished name: " + e.getMessage(), e);
        }
        Optional<String> fingerprint = c.tlsFingerprint().filter(s -> !s.isBlank())
                .map(f -> f.replace(":", "").strip().toLowerCase(Locale.ROOT));
        if (fingerprint.isPresent() && !fingerprint.get().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(key + ".tls-fingerprint must be a SHA-256 fingerprint (64 hex digits)");
        }
        return new Peer(name, c.aeTitle().strip(), List.copyOf(hosts), subject, fingerprint);
    }

    /** Whether any peer must connect over TLS. */
    boolean anyUsesTls() {
        return peers.stream().anyMatch(Peer::usesTls);
    }

    List<Peer> peers() {
        return peers;
    }

    /**
     * Who is calling: the peer with {@code callingAeTitle} that connects from {@code address} with the
     * right transport, i.e. over TLS with its certificate ({@code certificate} non-null) or, for a
     * peer without one, over the plain port ({@code certificate} null).
     */
    Admission admit(String callingAeTitle, InetAddress address, X509Certificate certificate) {
        List<Peer> titled = peers.stream().filter(p -> p.aeTitle().equals(callingAeTitle)).toList();
        if (titled.isEmpty()) {
            return new Admission(null, "calling AE title '" + callingAeTitle + "' not recognised");
        }
        List<Peer> here = titled.stream().filter(p -> p.connectsFrom(address)).toList();
        if (here.isEmpty()) {
            return new Admission(null, "calling AE title '" + callingAeTitle + "' not allowed from "
                    + address.getHostAddress());
        }
        for (Peer p : here) {
            if (certificate == null ? !p.usesTls() : p.usesTls() && p.holds(certificate)) {
                return new Admission(p, null);
            }
        }
        if (certificate == null) {
            return new Admission(null, "calling AE title '" + callingAeTitle + "' must associate over TLS");
        }
        return new Admission(null, "client certificate (subject '" + certificate.getSubjectX500Principal().getName()
                + "', SHA-256 " + fingerprint(certificate) + ") is not the one of calling AE title '"
                + callingAeTitle + "'");
    }

    /** The SHA-256 fingerprint of {@code certificate}'s DER encoding, lower-case hex. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}

package org.irisimaging.gateway.dimse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The DIMSE SCP through which PACS push studies (C-ECHO, C-STORE), and the peers allowed to. */
@ConfigMapping(prefix = "iris.dimse")
public interface DimseConfig {

    /**
     * {@code iris.dimse.enabled}: whether the gateway listens for DICOM associations at all.
     * Default {@code true}.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * {@code iris.dimse.ae-title}: the SCP's own (called) AE title, 1 to 16 characters, no backslash.
     * Associations addressed to another called AE title are rejected (A-ASSOCIATE-RJ, called AE
     * title not recognised). Default {@code IRIS}.
     */
    @WithDefault("IRIS")
    String aeTitle();

    /**
     * {@code iris.dimse.port}: the TCP port of plain (unencrypted) associations, all interfaces;
     * {@code 0} picks a free port (tests; see {@link DimseServer#port()}). Default {@code 11112}.
     */
    @WithDefault("11112")
    int port();

    /**
     * {@code iris.dimse.peers.<name>.*}: the PACS allowed to open an association, by a name of the
     * operator's choosing (letters, digits, dashes). An association is accepted only from a peer's
     * AE title, from one of its addresses, and, for a peer with a certificate, over TLS with that
     * certificate; anything else is rejected (A-ASSOCIATE-RJ, calling AE title not recognised).
     * Required, no default: every deployment names its PACS.
     */
    Map<String, Peer> peers();

    /** {@code iris.dimse.tls.*}: DICOM TLS (PS3.15 Annex B), off unless a port is set. */
    Tls tls();

    /** One allowed peer (a PACS or modality). */
    interface Peer {

        /**
         * {@code iris.dimse.peers.<name>.ae-title}: the peer's (calling) AE title, matched exactly (AE
         * titles are case-sensitive). Two peers may share a title when their addresses differ.
         */
        String aeTitle();

        /**
         * {@code iris.dimse.peers.<name>.hosts}: the addresses the peer connects from,
         * comma-separated: IPv4/IPv6 addresses or CIDR blocks ({@code 10.1.2.0/24}). Required: dev
         * and test profiles use {@code 127.0.0.1,::1}.
         */
        List<String> hosts();

        /**
         * {@code iris.dimse.peers.<name>.tls-subject}: the subject distinguished name (RFC 2253, as
         * {@code openssl x509 -subject -nameopt RFC2253} prints it) of the peer's client certificate.
         * When this or {@code tls-fingerprint} is set, the peer must connect to the TLS port with that
         * certificate; its plain associations are rejected.
         */
        Optional<String> tlsSubject();

        /**
         * {@code iris.dimse.peers.<name>.tls-fingerprint}: the SHA-256 fingerprint of the peer's
         * client certificate (hex, colons and case ignored), instead of or besides the subject.
         */
        Optional<String> tlsFingerprint();

        /**
         * {@code iris.dimse.peers.<name>.establishment}: the FINESS number of the establishment the
         * peer belongs to. A site administrator sees in {@code GET /api/dimse} only the peers of their
         * establishments; a peer without one is seen by platform administrators only.
         */
        Optional<String> establishment();
    }

    /** The TLS listener. */
    interface Tls {

        /**
         * {@code iris.dimse.tls.port}: the TCP port of DICOM TLS associations (2762 is the one IANA
         * registered); unset (default) = no TLS listener. Client certificates are required.
         */
        OptionalInt port();

        /**
         * {@code iris.dimse.tls.configuration}: the name of the Quarkus TLS configuration holding the
         * SCP's key and certificate and the trust store its peers' certificates must chain to
         * ({@code quarkus.tls.<name>.key-store.*}, {@code quarkus.tls.<name>.trust-store.*}).
         * Default {@code dimse}.
         */
        @WithDefault("dimse")
        String configuration();
    }
}

package org.irisimaging.identity.cps.card;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.account.IdNatPs;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which CPS card certificates identity-service accepts: issued (through the chain the card sends) by
 * one of the configured CAs, valid today, not revoked according to the configured CRLs. The JDK's
 * PKIX validator does the checking. The TLS handshake only lets through chains that one of the CAs
 * signed ({@link #handshakeGate()}), so that an expired or revoked card still reaches the sign-in
 * page and gets a clear answer and an audit event instead of a broken connection.
 */
@ApplicationScoped
public class CardTrust {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** The outcome of checking a card's chain. */
    public sealed interface Verdict permits Verified, Rejected {
    }

    /** A good certificate of the practitioner {@code idNatPs}. */
    public record Verified(String idNatPs) implements Verdict {
    }

    /** Refused: {@code reason} for the audit log, {@code messageKey} for the page. */
    public record Rejected(String reason, String messageKey) implements Verdict {
    }

    private final IdentityConfig.Mtls settings;
    private volatile List<X509Certificate> cas = List.of();
    private final Map<Path, LoadedCrls> crls = new LinkedHashMap<>();

    private record LoadedCrls(FileTime modified, Collection<? extends CRL> crls) {
    }

    @Inject
    CardTrust(IdentityConfig config) {
        this(config.cps().mtls());
    }

    CardTrust(IdentityConfig.Mtls settings) {
        this.settings = settings;
    }

    /** Reads the CA certificates; startup fails on a missing or unreadable file. */
    void load() {
        List<Path> files = settings.trustedCaFiles().orElseThrow(() -> new IllegalStateException(
                "iris.identity.cps.mtls.trusted-ca-files is required when the CPS card listener is enabled"));
        List<X509Certificate> loaded = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    loaded.add((X509Certificate) c);
                }
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("Cannot read CA certificates from " + file, e);
            }
        }
        if (loaded.isEmpty()) {
            throw new IllegalStateException("iris.identity.cps.mtls.trusted-ca-files holds no certificate");
        }
        if (settings.checkRevocation() && settings.crlFiles().map(List::isEmpty).orElse(true)) {
            throw new IllegalStateException("iris.identity.cps.mtls.crl-files is required while check-revocation is on");
        }
        cas = List.copyOf(loaded);
        currentCrls();
    }

    /**
     * The TLS handshake's trust manager: asks browsers for a certificate of one of the configured CAs
     * and refuses chains that none of them signed. Validity and revocation are checked afterwards.
     */
    public X509TrustManager handshakeGate() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !signedByACa(List.of(chain))) {
                    throw new CertificateException("Client certificate not issued by a trusted CA");
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("Not a client-side trust manager");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return cas.toArray(X509Certificate[]::new);
            }
        };
    }

    /** Checks the chain the card presented (leaf first). */
    public Verdict verify(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return new Rejected("no_certificate", "errorCardMissing");
        }
        X509Certificate leaf = chain.getFirst();
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters params = new PKIXParameters(cas.stream()
                    .map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet()));
            params.setRevocationEnabled(settings.checkRevocation());
            if (settings.checkRevocation()) {
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(currentCrls())));
                PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
                // CRLs from the configured files only (no OCSP, no download); the CAs' own
                // certificates are the operator's to replace, so only the card's is checked.
                revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                        PKIXRevocationChecker.Option.NO_FALLBACK, PKIXRevocationChecker.Option.ONLY_END_ENTITY));
                params.addCertPathChecker(revocation);
            }
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(pathBelowAnchors(chain)), params);
        } catch (CertPathValidatorException e) {
            return rejected(e);
        } catch (GeneralSecurityException e) {
            return new Rejected("certificate_invalid", "errorCardInvalid");
        }
        if (!allowsClientAuth(leaf)) {
            return new Rejected("certificate_not_for_client_auth", "errorCardInvalid");
        }
        String cn = commonName(leaf);
        if (!IdNatPs.isValid(cn)) {
            return new Rejected("certificate_subject_not_idnat_ps", "errorCardInvalid");
        }
        return new Verified(cn);
    }

    private static Rejected rejected(CertPathValidatorException e) {
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return new Rejected("certificate_expired", "errorCardExpired");
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return new Rejected("certificate_not_yet_valid", "errorCardNotYetValid");
        }
        if (reason == CertPathValidatorException.BasicReason.REVOKED) {
            return new Rejected("certificate_revoked", "errorCardRevoked");
        }
        if (reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new Rejected("revocation_status_unknown", "errorCardRevocationUnknown");
        }
        // No configured CA, or one of the same name whose key did not sign it: not issued by a trusted CA.
        if (reason == PKIXReason.NO_TRUST_ANCHOR || reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return new Rejected("certificate_untrusted", "errorCardUntrusted");
        }
        return new Rejected("certificate_invalid", "errorCardInvalid");
    }

    /** The presented chain up to, not including, a configured CA (PKIX paths exclude the anchor). */
    private List<X509Certificate> pathBelowAnchors(List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (cas.contains(c)) {
                break;
            }
            path.add(c);
        }
        return path.isEmpty() ? List.of(chain.getFirst()) : path;
    }

    private boolean signedByACa(List<X509Certificate> chain) {
        for (X509Certificate c : chain) {
            for (X509Certificate ca : cas) {
                if (c.equals(ca)) {
                    return true;
                }
                if (c.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                    try {
                        c.verify(ca.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException e) {
                        // not this CA
                    }
                }
            }
        }
        return false;
    }

    private static boolean allowsClientAuth(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH);
        } catch (CertificateException e) {
            return false;
        }
    }

    static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return rdns.get(i).getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    /** The configured CRLs, re-read from a file when it changed (CRLs are replaced as they are published). */
    private synchronized Collection<CRL> currentCrls() {
        List<CRL> all = new ArrayList<>();
        for (Path file : settings.crlFiles().orElse(List.of())) {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                LoadedCrls loaded = crls.get(file);
                if (loaded == null || !loaded.modified().equals(modified)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        loaded = new LoadedCrls(modified, CertificateFactory.getInstance("X.509").generateCRLs(in));
                    }
                    crls.put(file, loaded);
                }
                all.addAll(loaded.crls());
            } catch (IOException | GeneralSecurityException e) {
                // Keeps the last good copy: without any, revocation status is unknown and cards are refused.
                org.jboss.logging.Logger.getLogger(CardTrust.class).warnf("CRL file %s unreadable: %s", file, e.getMessage());
                LoadedCrls last = crls.get(file);
                if (last != null) {
                    all.addAll(last.crls());
                }
            }
        }
        return all;
    }

    Set<String> caSubjects() {
        return cas.stream().map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.toSet());
    }
}

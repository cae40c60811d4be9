package org.irisimaging.gateway.dimse;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * The gateway's DIMSE SCP: listens for associations from the configured peers from Quarkus startup
 * to shutdown ({@link DimseConfig}), on the plain port and, when configured, on a DICOM TLS port.
 * Verification (C-ECHO) is always offered; what else is offered comes from a {@link DimseServices}
 * bean, when the application has one ({@link StorageServices}: C-STORE into the ingest flow).
 */
@ApplicationScoped
public class DimseServer {

    private static final Logger LOG = Logger.getLogger(DimseServer.class);

    /** Concurrent associations per port; more are refused with a transient A-ASSOCIATE-RJ. */
    static final int MAX_ASSOCIATIONS = 64;

    private final DimseConfig config;
    private final Supplier<DimseServices> services;
    /** The SSLContext of a named TLS configuration ({@link DimseConfig.Tls#configuration()}). */
    private final Function<String, SSLContext> tlsContexts;
    private AssociationListener listener;
    private AssociationListener tlsListener;

    @Inject
    DimseServer(DimseConfig config, Instance<DimseServices> services, TlsConfigurationRegistry tls) {
        this(config, () -> services.isResolvable() ? services.get() : DimseServices.verificationOnly(),
                name -> sslContext(tls, name));
    }

    /** Outside CDI (tests). */
    DimseServer(DimseConfig config, Supplier<DimseServices> services, Function<String, SSLContext> tlsContexts) {
        this.config = config;
        this.services = services;
        this.tlsContexts = tlsContexts;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        if (config.enabled()) {
            start();
        } else {
            LOG.info("DIMSE SCP disabled (iris.dimse.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * Starts listening. Fails on an invalid AE title, no or invalid peers, a missing TLS
     * configuration when a TLS port is set, or a port that cannot be bound.
     */
    public synchronized void start() throws IOException {
        if (listener != null) {
            return;
        }
        String aeTitle = config.aeTitle();
        if (!AssociateRequest.isValidAeTitle(aeTitle)) {
            throw new IllegalArgumentException("iris.dimse.ae-title must be 1 to 16 printable characters"
                    + " without backslash, got '" + aeTitle + "'");
        }
        DimsePeers peers = DimsePeers.of(config.peers());
        DimseServices offered = services.get();
        SSLContext tls = null;
        if (config.tls().port().isPresent()) {
            tls = tlsContexts.apply(config.tls().configuration());
        } else if (peers.anyUsesTls()) {
            LOG.warn("DIMSE peers with a TLS certificate are configured but iris.dimse.tls.port is not set:"
                    + " they cannot associate");
        }
        AssociationListener plain = new AssociationListener(aeTitle.strip(), config.port(), peers, null, offered,
                MAX_ASSOCIATIONS);
        plain.start();
        if (tls != null) {
            AssociationListener secure = new AssociationListener(aeTitle.strip(), config.tls().port().getAsInt(), peers,
                    tls, offered, MAX_ASSOCIATIONS);
            try {
                secure.start();
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
            tlsListener = secure;
            LOG.infof("DIMSE SCP listening as %s on port %d, DICOM TLS on port %d", aeTitle.strip(), plain.port(),
                    secure.port());
        } else {
            LOG.infof("DIMSE SCP listening as %s on port %d", aeTitle.strip(), plain.port());
        }
        listener = plain;
    }

    /** Stops listening and ends open associations; idempotent. */
    public synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
            if (tlsListener != null) {
                tlsListener.close();
                tlsListener = null;
            }
            LOG.info("DIMSE SCP stopped");
        }
    }

    /** The plain port listened on, or -1 when not listening. */
    public synchronized int port() {
        return listener == null ? -1 : listener.port();
    }

    /** The DICOM TLS port listened on, or -1 when none. */
    public synchronized int tlsPort() {
        return tlsListener == null ? -1 : tlsListener.port();
    }

    public synchronized boolean isListening() {
        return listener != null;
    }

    /** Connections currently open, on both ports: being screened, or in an association. */
    public synchronized int openConnections() {
        return (listener == null ? 0 : listener.openConnections())
                + (tlsListener == null ? 0 : tlsListener.openConnections());
    }

    private static SSLContext sslContext(TlsConfigurationRegistry registry, String name) {
        TlsConfiguration configuration = registry.get(name).orElseThrow(() -> new IllegalStateException(
                "iris.dimse.tls.port is set but there is no TLS configuration '" + name + "' (quarkus.tls." + name
                        + ".key-store.* and .trust-store.*)"));
        if (configuration.getKeyStore() == null || configuration.getTrustStore() == null) {
            throw new IllegalStateException("TLS configuration '" + name + "' needs a key store (the SCP's key and"
                    + " certificate) and a trust store (what peers' certificates must chain to)");
        }
        if (configuration.isTrustAll()) {
            throw new IllegalStateException("TLS configuration '" + name + "' trusts all certificates: DICOM TLS"
                    + " peers are authenticated by their certificate, set a trust store instead");
        }
        try {
            return configuration.createSSLContext();
        } catch (Exception e) {
            throw new IllegalStateException("TLS configuration '" + name + "' is unusable: " + e.getMessage(), e);
        }
    }
}

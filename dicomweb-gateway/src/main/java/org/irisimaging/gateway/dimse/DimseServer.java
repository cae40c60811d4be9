package org.irisimaging.gateway.dimse;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The gateway's DIMSE SCP: listens for associations from the configured PACS from Quarkus startup
 * to shutdown ({@link DimseConfig}). Verification (C-ECHO) is always offered; what else is offered
 * comes from a {@link DimseServices} bean, when the application has one ({@link StorageServices}:
 * C-STORE into the ingest flow).
 */
@ApplicationScoped
public class DimseServer {

    private static final Logger LOG = Logger.getLogger(DimseServer.class);

    /** Concurrent associations; more are refused with a transient A-ASSOCIATE-RJ. */
    static final int MAX_ASSOCIATIONS = 64;

    private final DimseConfig config;
    private final Supplier<DimseServices> services;
    private AssociationListener listener;

    @Inject
    DimseServer(DimseConfig config, Instance<DimseServices> services) {
        this(config, () -> services.isResolvable() ? services.get() : DimseServices.verificationOnly());
    }

    /** Outside CDI (tests). */
    DimseServer(DimseConfig config, Supplier<DimseServices> services) {
        this.config = config;
        this.services = services;
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
     * Starts listening. Fails on an invalid AE title, an empty list of allowed calling AE titles, or
     * a port that cannot be bound.
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
        Set<String> allowed = allowedCallingAeTitles(config.allowedCallingAeTitles());
        AssociationListener l = new AssociationListener(aeTitle.strip(), config.port(), allowed, services.get(),
                MAX_ASSOCIATIONS);
        l.start();
        listener = l;
        LOG.infof("DIMSE SCP listening as %s on port %d", aeTitle.strip(), l.port());
    }

    /** Stops listening and ends open associations; idempotent. */
    public synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
            LOG.info("DIMSE SCP stopped");
        }
    }

    /** The port listened on, or -1 when not listening. */
    public synchronized int port() {
        return listener == null ? -1 : listener.port();
    }

    public synchronized boolean isListening() {
        return listener != null;
    }

    /** Connections currently open: being screened, or in an association. */
    public synchronized int openConnections() {
        return listener == null ? 0 : listener.openConnections();
    }

    private static Set<String> allowedCallingAeTitles(List<String> configured) {
        Set<String> allowed = new LinkedHashSet<>();
        if (configured != null) {
            for (String title : configured) {
                if (title == null || title.isBlank()) {
                    continue;
                }
                if (!AssociateRequest.isValidAeTitle(title)) {
                    throw new IllegalArgumentException("iris.dimse.allowed-calling-ae-titles: '" + title
                            + "' is not an AE title (1 to 16 printable characters, no backslash)");
                }
                allowed.add(title.strip());
            }
        }
        if (allowed.isEmpty()) {
            throw new IllegalStateException("iris.dimse.allowed-calling-ae-titles lists no AE title:"
                    + " name the PACS allowed to connect (or set iris.dimse.enabled=false)");
        }
        return allowed;
    }
}

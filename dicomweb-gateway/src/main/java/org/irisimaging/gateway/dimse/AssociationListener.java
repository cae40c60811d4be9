package org.irisimaging.gateway.dimse;

import com.pixelmed.network.DicomNetworkException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * The DICOM upper-layer listener, on one port, plain or TLS: accepts TCP connections, completes the
 * TLS handshake (a client certificate that chains to the trust store is required), screens each
 * A-ASSOCIATE-RQ by called AE title and by peer ({@link DimsePeers}: calling AE title, address,
 * certificate; PixelMed itself only checks the called AE title), answers the others with an
 * A-ASSOCIATE-RJ, and hands the accepted ones to a {@link DimseAssociation} (PixelMed's association
 * layer), one platform thread each (PixelMed does blocking I/O, some of it in synchronized code).
 *
 * <p>Logs carry AE titles, addresses and certificate names only, never data set content. Each
 * refused association or failed handshake is one WARN line starting "DIMSE association refused" or
 * "DIMSE TLS handshake failed", the security trail of the SCP.
 */
final class AssociationListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AssociationListener.class);

    static {
        PixelMedArtim.shorten();
    }

    /** ARTIM-like bound on the wait for the A-ASSOCIATE-RQ after the TCP connection opens. */
    static final int REQUEST_TIMEOUT_MILLIS = 30_000;
    /** How long to wait for the peer to close after an A-ASSOCIATE-RJ. */
    private static final int CLOSE_AFTER_REJECT_MILLIS = 2_000;

    private final String aeTitle;
    private final int requestedPort;
    private final DimsePeers peers;
    /** {@code null} for the plain port. */
    private final SSLContext tls;
    private final DimseServices services;
    private final int maxAssociations;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger associationCount = new AtomicInteger();

    private volatile boolean closed;
    private ServerSocket serverSocket;
    private Thread acceptor;
    private ThreadPoolExecutor workers;

    /**
     * @param tls the TLS context of a DICOM TLS port (its key, certificate and trust store), or
     *            {@code null} for the plain port
     */
    AssociationListener(String aeTitle, int port, DimsePeers peers, SSLContext tls, DimseServices services,
            int maxAssociations) {
        this.aeTitle = Objects.requireNonNull(aeTitle, "aeTitle").strip();
        this.requestedPort = port;
        this.peers = Objects.requireNonNull(peers, "peers");
        this.tls = tls;
        this.services = Objects.requireNonNull(services, "services");
        this.maxAssociations = maxAssociations;
    }

    /** Binds the port (all interfaces) and starts accepting connections. */
    synchronized void start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket server = tls == null ? new ServerSocket() : tlsServerSocket(tls);
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(requestedPort), 64);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for DICOM " + (tls == null ? "" : "TLS ") + "associations on port "
                    + requestedPort + ": " + e.getMessage(), e);
        }
        serverSocket = server;
        String kind = tls == null ? "dimse-" : "dimse-tls-";
        workers = new ThreadPoolExecutor(0, maxAssociations, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads(kind + "association-"));
        acceptor = threads(kind + "acceptor-").newThread(this::acceptLoop);
        acceptor.start();
    }

    /**
     * A server socket that requires a client certificate and speaks TLS 1.2 or 1.3 only (PS3.15
     * Annex B: the BCP 195 profiles).
     */
    private static SSLServerSocket tlsServerSocket(SSLContext context) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setNeedClientAuth(true);
        String[] protocols = Arrays.stream(server.getSupportedProtocols())
                .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2")).toArray(String[]::new);
        server.setEnabledProtocols(protocols);
        return server;
    }

    /** Connections currently open (being screened or in an association). */
    int openConnections() {
        return connections.size();
    }

    /** The port actually listened on (useful when 0 was asked for). */
    synchronized int port() {
        return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }

    /** Stops listening, aborts open associations, and waits briefly for their threads to end. */
    @Override
    public void close() {
        ThreadPoolExecutor pool;
        Thread acceptorThread;
        synchronized (this) {
            if (closed || serverSocket == null) {
                closed = true;
                return;
            }
            closed = true;
            closeQuietly(serverSocket);
            pool = workers;
            acceptorThread = acceptor;
        }
        try {
            acceptorThread.join(5_000);
            // Let associations PixelMed holds in its post-release wait finish, then abort the rest:
            // close their connections and interrupt their threads.
            pool.shutdown();
            if (!pool.awaitTermination(PixelMedArtim.RELEASE_TO_CLOSE_MILLIS + 500L, TimeUnit.MILLISECONDS)) {
                connections.forEach(AssociationListener::closeQuietly);
                pool.shutdownNow();
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("DIMSE association threads still running 5 s after stop");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("DIMSE accept failed: %s", e.toString());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            connections.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                // All association threads busy (or shutting down): refuse politely, off this thread.
                Thread.ofVirtual().name("dimse-busy").start(() -> refuseBusy(socket));
            }
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
            X509Certificate certificate = socket instanceof SSLSocket ssl ? handshake(ssl) : null;
            AssociateRequest request = AssociateRequest.read(socket.getInputStream());
            if (!aeTitle.equals(request.calledAeTitle())) {
                reject(socket, AssociateRequest.RESULT_PERMANENT, AssociateRequest.SOURCE_SERVICE_USER,
                        AssociateRequest.REASON_CALLED_AE_NOT_RECOGNIZED);
                LOG.warnf("DIMSE association refused: from %s at %s%s: called AE title '%s' is not ours (%s)",
                        request.callingAeTitle(), peer, overTls(), request.calledAeTitle(), aeTitle);
                return;
            }
            DimsePeers.Admission admission = peers.admit(request.callingAeTitle(), socket.getInetAddress(), certificate);
            if (!admission.admitted()) {
                reject(socket, AssociateRequest.RESULT_PERMANENT, AssociateRequest.SOURCE_SERVICE_USER,
                        AssociateRequest.REASON_CALLING_AE_NOT_RECOGNIZED);
                LOG.warnf("DIMSE association refused: from %s%s: %s", peer, overTls(), admission.reason());
                return;
            }
            socket.setSoTimeout(0); // from here on the association manages its own waits
            int number = associationCount.incrementAndGet();
            LOG.debugf("Association #%d from %s (peer %s) at %s%s: negotiating", number, request.callingAeTitle(),
                    admission.peer().name(), peer, overTls());
            new DimseAssociation(new ReplaySocket(socket, request.pdu()), aeTitle, services,
                    socket.getInetAddress().getHostAddress())
                    .run(); // returns when the association is released or aborted
        } catch (SocketTimeoutException e) {
            LOG.debugf("Connection from %s closed: no A-ASSOCIATE-RQ within %d ms", peer, REQUEST_TIMEOUT_MILLIS);
        } catch (SSLException e) {
            LOG.warnf("DIMSE TLS handshake failed: from %s: %s", peer, e.getMessage());
        } catch (AssociateRequest.ProtocolException e) {
            LOG.infof("Connection from %s closed: %s", peer, e.getMessage());
        } catch (IOException e) {
            if (!closed) {
                LOG.debugf("Connection from %s ended: %s", peer, e.toString());
            }
        } catch (DicomNetworkException e) {
            // the peer aborted or dropped the connection: its business, not an error of ours
            if (!closed) {
                LOG.infof("Association from %s ended without release: %s", peer, e.getMessage());
            }
        } catch (Exception e) {
            LOG.errorf("Association from %s failed: %s", peer, e.toString());
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    /**
     * Completes the TLS handshake (within the A-ASSOCIATE-RQ timeout) and returns the client's
     * certificate, which the server socket requires.
     */
    private static X509Certificate handshake(SSLSocket socket) throws IOException {
        socket.startHandshake();
        Certificate[] chain = socket.getSession().getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new SSLException("no X.509 client certificate");
        }
        return certificate;
    }

    private String overTls() {
        return tls == null ? "" : " over TLS";
    }

    private void refuseBusy(Socket socket) {
        try {
            socket.setSoTimeout(CLOSE_AFTER_REJECT_MILLIS);
            AssociateRequest request = AssociateRequest.read(socket.getInputStream());
            reject(socket, AssociateRequest.RESULT_TRANSIENT, AssociateRequest.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                    AssociateRequest.REASON_LOCAL_LIMIT_EXCEEDED);
            LOG.warnf("Rejected association from %s: %d associations already open", request.callingAeTitle(),
                    maxAssociations);
        } catch (IOException e) {
            LOG.debugf("Busy: dropped connection from %s: %s", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    /** Sends an A-ASSOCIATE-RJ and lets the requestor close first, so the PDU is not lost to a reset. */
    private static void reject(Socket socket, int result, int source, int reason) throws IOException {
        AssociateRequest.reject(socket.getOutputStream(), result, source, reason);
        if (!(socket instanceof SSLSocket)) {
            socket.shutdownOutput(); // TLS has no half-close: the peer closes on the A-ASSOCIATE-RJ
        }
        socket.setSoTimeout(CLOSE_AFTER_REJECT_MILLIS);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard until the peer closes
            }
        } catch (SocketTimeoutException | SocketException e) {
            // the peer did not close in time, or reset: close anyway
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }

}

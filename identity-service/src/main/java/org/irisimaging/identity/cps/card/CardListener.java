package org.irisimaging.identity.cps.card;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.irisimaging.identity.IdentityConfig;
import org.irisimaging.identity.signin.Pages;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * identity-service's own listener for the CPS card, on a port of its own that serves one path,
 * {@value CardHandoff#LISTENER_PATH}; the rest of the service stays on the main HTTP port.
 * With {@code tls-termination=service} it speaks TLS and its handshake requests (not requires: a
 * browser without a card still gets a page that says so) a client certificate of the configured CAs.
 * With {@code ingress} it speaks plain HTTP to the ingress that ended TLS, and takes the certificate
 * from that ingress's header; no other route may lead to this port.
 */
@ApplicationScoped
public class CardListener {

    private static final Logger LOG = Logger.getLogger(CardListener.class);

    private final IdentityConfig.Mtls settings;
    private final CardTrust trust;
    private final CardHandoff handoff;
    private final Pages pages;
    private final Vertx vertx;
    private HttpServer server;
    private IngressCertificate ingress;

    CardListener(IdentityConfig config, CardTrust trust, CardHandoff handoff, Pages pages, Vertx vertx) {
        this.settings = config.cps().mtls();
        this.trust = trust;
        this.handoff = handoff;
        this.pages = pages;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) throws Exception {
        if (!settings.enabled()) {
            return;
        }
        settings.publicUrl().orElseThrow(() -> new IllegalStateException(
                "iris.identity.cps.mtls.public-url is required when the CPS card listener is enabled"));
        trust.load();
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
        if ("ingress".equals(settings.tlsTermination())) {
            ingress = new IngressCertificate(settings.trustedProxies().filter(l -> !l.isEmpty())
                    .orElseThrow(() -> new IllegalStateException(
                            "iris.identity.cps.mtls.trusted-proxies is required with tls-termination=ingress")));
        } else if (!"service".equals(settings.tlsTermination())) {
            throw new IllegalStateException("iris.identity.cps.mtls.tls-termination must be service or ingress");
        } else {
            serviceTls(options);
        }
        server = vertx.createHttpServer(options).requestHandler(this::handle)
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("CPS card listener on %s:%d, TLS ended by the %s (trusted CAs: %s)", settings.host(),
                server.actualPort(), settings.tlsTermination(), trust.caSubjects());
    }

    private void serviceTls(HttpServerOptions options) {
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(settings.certificateFile().orElseThrow(() -> new IllegalStateException(
                                "iris.identity.cps.mtls.certificate-file is required")).toString())
                        .setKeyPath(settings.keyFile().orElseThrow(() -> new IllegalStateException(
                                "iris.identity.cps.mtls.key-file is required")).toString()))
                .setTrustOptions(TrustOptions.wrap(trust.handshakeGate()))
                .setClientAuth(ClientAuth.REQUEST);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (server != null) {
            server.close();
        }
    }

    private void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || !CardHandoff.LISTENER_PATH.equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        String handle = request.getParam("handle");
        String peer = request.connection().remoteAddress() == null ? null
                : request.connection().remoteAddress().hostAddress();
        String remote = peer;
        List<X509Certificate> chain = List.of();
        CardTrust.Rejected refused = null;
        if (ingress == null) {
            chain = presented(request);
        } else {
            switch (ingress.read(peer, request.getHeader(settings.certificateHeader()))) {
                case IngressCertificate.Presented presented -> chain = presented.chain();
                case IngressCertificate.Absent absent -> chain = List.of();
                case IngressCertificate.UntrustedPeer untrusted ->
                        refused = new CardTrust.Rejected("certificate_header_from_untrusted_peer", "errorCardMissing");
                case IngressCertificate.Unreadable unreadable ->
                        refused = new CardTrust.Rejected("certificate_header_unreadable", "errorCardInvalid");
            }
            remote = ingress.isTrusted(peer) ? forwardedFor(request, peer) : peer;
        }
        Locale locale = Pages.locale(request.getHeader("Accept-Language"));
        List<X509Certificate> card = chain;
        CardTrust.Rejected before = refused;
        String from = remote;
        vertx.executeBlocking(() -> handoff.present(handle, card, before, from, locale), false).onComplete(done -> {
            if (done.failed()) {
                LOG.error("CPS card sign-in failed", done.cause());
                write(request.response(), pages.error(500, locale, "errorServer"));
            } else if (done.result() instanceof CardHandoff.Redirect redirect) {
                request.response().setStatusCode(303).putHeader("Location", redirect.location().toString())
                        .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer").end();
            } else {
                write(request.response(), ((CardHandoff.Page) done.result()).response());
            }
        });
    }

    /** The browser's address as the ingress saw it: the last X-Forwarded-For entry is the one it added. */
    private static String forwardedFor(HttpServerRequest request, String peer) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].strip();
    }

    /** The certificate chain the handshake verified against the CAs; empty when the browser sent none. */
    private static List<X509Certificate> presented(HttpServerRequest request) {
        try {
            List<Certificate> certificates = request.connection().peerCertificates();
            return certificates == null ? List.of() : certificates.stream()
                    .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private static void write(HttpServerResponse out, Response page) {
        out.setStatusCode(page.getStatus());
        page.getStringHeaders().forEach((name, values) -> values.forEach(v -> out.headers().add(name, v)));
        out.end(String.valueOf(page.getEntity()));
    }
}

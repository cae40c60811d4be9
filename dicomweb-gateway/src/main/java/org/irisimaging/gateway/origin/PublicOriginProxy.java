package org.irisimaging.gateway.origin;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.irisimaging.baseline.problem.ProblemType;
import org.jboss.logging.Logger;

/**
 * Serves the platform APIs and the OpenID provider on the gateway's origin by passing each request
 * to the service that owns its path ({@link PublicOriginConfig}; why a reverse proxy in the gateway:
 * ADR 0023). Bodies are streamed both ways; cookies, {@code Location} and the rest of the headers
 * pass unchanged (Vert.x' reverse proxy drops the hop-by-hop ones); the request keeps its
 * {@code Host}.
 *
 * <p>The routes sit after the CORS filter and before authentication: a preflight is answered by the
 * gateway's CORS configuration (the one for the whole origin), and the token, if any, is checked by
 * the owning service, which alone knows which of its paths are public (discovery, sign-in pages,
 * registration). What a caller says about itself in forwarding headers is replaced by what the
 * gateway saw, so that an owning service may believe {@code X-Forwarded-*} coming from the gateway.
 */
@ApplicationScoped
class PublicOriginProxy {

    private static final Logger LOG = Logger.getLogger(PublicOriginProxy.class);

    /** After CORS (filter priority 300, route order -300), before authentication (200, -200). */
    static final int ROUTE_ORDER = -250;

    private static final String NOT_NORMALISED = "{\"type\":\"" + ProblemType.BAD_REQUEST.uri() + "\",\"title\":\""
            + ProblemType.BAD_REQUEST.title() + "\",\"status\":400,\"detail\":\"the path has dot segments or"
            + " escaped characters that need none\"}";

    private final PublicOriginConfig config;
    private HttpClient client;

    PublicOriginProxy(PublicOriginConfig config) {
        this.config = config;
    }

    void route(@Observes Router router, Vertx vertx) {
        for (Map.Entry<String, PublicOriginConfig.Service> entry : config.services().entrySet()) {
            PublicOriginConfig.Service service = entry.getValue();
            if (service.url().isEmpty()) {
                continue;
            }
            HttpProxy proxy = HttpProxy.reverseProxy(client(vertx)).origin(origin(entry.getKey(), service.url().get()));
            proxy.addInterceptor(new GatewaySaysWhoCalled());
            for (String path : service.paths()) {
                router.route(path).order(ROUTE_ORDER).handler(context -> {
                    if (!context.request().path().equals(context.normalizedPath())) {
                        // routed on the normalised path: pass on only what the owner would read the same way
                        context.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                                .end(NOT_NORMALISED);
                        return;
                    }
                    proxy.handle(context.request());
                });
            }
            LOG.infof("Public origin: %s passed on to %s (%s)", service.paths(), entry.getKey(), service.url().get());
        }
    }

    private synchronized HttpClient client(Vertx vertx) {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions()
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setIdleTimeout((int) config.idleTimeout().toSeconds())
                    .setKeepAlive(true)
                    .setMaxPoolSize(64));
        }
        return client;
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    private static SocketAddress origin(String service, URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null || (url.getPath() != null && url.getPath().length() > 1)) {
            throw new IllegalStateException("iris.public-origin.services." + service
                    + ".url must be http://host[:port] (the service's root), not " + url);
        }
        return SocketAddress.inetSocketAddress(url.getPort() < 0 ? 80 : url.getPort(), url.getHost());
    }

    /**
     * The forwarding headers say what the gateway saw, never what the caller claimed; and the
     * owning service's CORS headers give way to the gateway's, which speak for the whole origin.
     */
    static final class GatewaySaysWhoCalled implements ProxyInterceptor {

        private static final List<String> CALLER_CLAIMS = List.of("Forwarded", "X-Forwarded-For",
                "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP");

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest received = context.request().proxiedRequest();
            MultiMap headers = context.request().headers();
            CALLER_CLAIMS.forEach(headers::remove);
            headers.names().stream().filter(name -> name.regionMatches(true, 0, "X-Iris-", 0, 7)).toList()
                    .forEach(headers::remove);
            // the owning service sees the public host it was asked on, as without the gateway
            if (received.authority() != null) {
                context.request().setAuthority(received.authority());
            }
            SocketAddress caller = received.remoteAddress();
            if (caller != null && caller.hostAddress() != null) {
                headers.set("X-Forwarded-For", caller.hostAddress());
            }
            headers.set("X-Forwarded-Proto", received.scheme() == null ? "http" : received.scheme());
            if (received.authority() != null) {
                headers.set("X-Forwarded-Host", received.authority().toString());
            }
            return context.sendRequest();
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            MultiMap headers = context.response().headers();
            headers.names().stream().filter(name -> name.regionMatches(true, 0, "Access-Control-", 0, 15)).toList()
                    .forEach(headers::remove);
            return context.sendResponse();
        }
    }
}

package org.irisimaging.identity.oidc;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.identity.IdentityConfig;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CORS for the four endpoints a browser application (a viewer signing in with code + PKCE) calls
 * across origins: discovery, JWKS, token and userinfo. Quarkus' own CORS filter
 * ({@code quarkus.http.cors}) applies to every path, and would open the sign-in pages and the
 * account API too; this one is limited to those paths. It runs before authentication, so a
 * preflight is answered without a token. Allowed: the issuer's own origin and
 * {@code iris.identity.cors.allowed-origins}; any other origin gets 403 and no CORS header.
 */
@ApplicationScoped
public class OpenIdCors {

    /** Path → the methods a browser may use on it. */
    static final Map<String, String> ENDPOINTS = Map.of(
            "/.well-known/openid-configuration", "GET",
            "/jwks", "GET",
            "/token", "POST",
            "/userinfo", "GET");
    /** Request headers a browser may send (beyond the CORS-safelisted ones). */
    private static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "content-type", "dpop");
    private static final String ALLOWED_HEADERS_VALUE = "Authorization, Content-Type, DPoP";

    private final Set<String> origins;
    private final String maxAge;

    OpenIdCors(IdentityConfig config) {
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(origin(URI.create(config.issuer())));
        config.cors().allowedOrigins().ifPresent(list -> list.forEach(o -> allowed.add(origin(URI.create(o.strip())))));
        this.origins = Set.copyOf(allowed);
        this.maxAge = Long.toString(config.cors().maxAge().toSeconds());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, SecurityHandlerPriorities.CORS);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String methods = ENDPOINTS.get(request.path());
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (methods == null || origin == null) {
            context.next();
            return;
        }
        var response = context.response();
        response.headers().add(HttpHeaders.VARY, "Origin");
        if (!origins.contains(origin)) {
            response.setStatusCode(403).end();
            return;
        }
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        String requestedMethod = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (request.method() == HttpMethod.OPTIONS && requestedMethod != null) {
            if (!methods.equals(requestedMethod) || !headersAllowed(request)) {
                response.headers().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
                response.setStatusCode(403).end();
                return;
            }
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS_VALUE)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge)
                    .setStatusCode(204).end();
            return;
        }
        // The viewer reads why a token was refused.
        response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "WWW-Authenticate");
        context.next();
    }

    private static boolean headersAllowed(HttpServerRequest request) {
        String requested = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (requested == null || requested.isBlank()) {
            return true;
        }
        for (String header : requested.split(",")) {
            String name = header.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !ALLOWED_HEADERS.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** scheme://host[:port], the port left out when it is the scheme's default (RFC 6454). */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port < 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}

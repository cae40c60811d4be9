package org.irisimaging.gateway.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The OHIF viewer at {@code /viewer/} (ADR 0025): its files come from the {@code iris-viewer} jar's
 * {@code META-INF/resources/viewer/}, served by Quarkus' static resources, without a token (the
 * DICOMweb data it then asks for needs one). Here: the single-page application's routes
 * ({@code /viewer/viewer?StudyInstanceUIDs=...}, {@code /viewer/callback?code=...}) answered with its
 * index.html, the security headers OHIF can live with, and caching by file name.
 */
@ApplicationScoped
class ViewerRoutes {

    static final String BASE = "/viewer/";

    /**
     * What OHIF needs and nothing more: its scripts from this origin only (index.html's inline
     * scripts were moved into a file at build time), WebAssembly codecs ({@code 'wasm-unsafe-eval'}),
     * workers started from blob: URLs, inline styles (React sets style attributes), images and
     * videos it draws into blob:/data: URLs; every request to this origin (DICOMweb, the OpenID
     * provider). No other origin, no plugins, no framing by another site.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "worker-src 'self' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self' data: blob:",
            "frame-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'");

    /** Webpack's content-hashed names ({@code 2493.bundle.c4af70e46357151f.js}, {@code 5130ccb17e3f3f5b.wasm}). */
    private static final Pattern HASHED = Pattern.compile("(?:^|[./])[0-9a-f]{16}\\.(?:js|wasm|woff2|css)$");
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    /** After authentication (which permits these paths), before the static resources. */
    static final int ROUTE_ORDER = -100;

    private Buffer index;

    void route(@Observes Router router) {
        index = loadIndex();
        router.route("/viewer").order(ROUTE_ORDER).handler(this::toBase);
        router.routeWithRegex("/viewer/.*").order(ROUTE_ORDER).handler(this::viewer);
    }

    /** {@code /viewer} is {@code /viewer/}, query kept (a link without the slash still works). */
    private void toBase(RoutingContext context) {
        if (!"/viewer".equals(context.request().path())) {
            context.next(); // Vert.x matches /viewer/ here too
            return;
        }
        String query = context.request().query();
        context.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, BASE + (query == null ? "" : "?" + query))
                .end();
    }

    private void viewer(RoutingContext context) {
        String path = context.request().path();
        HttpServerResponse response = context.response();
        response.headers()
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        // set last, over what the static handler sets: hashed names never change, the rest is revalidated
        context.addHeadersEndHandler(ignored -> response.headers()
                .set(HttpHeaders.CACHE_CONTROL, response.getStatusCode() < 300 && HASHED.matcher(path).find()
                        ? IMMUTABLE : REVALIDATE));
        if (!plain(path, context.normalizedPath())) {
            // OHIF's files and routes are plain names: anything else is a trick, answered as absent
            notFound(response);
            return;
        }
        if (context.request().method() != HttpMethod.GET && context.request().method() != HttpMethod.HEAD) {
            response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
            return;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.indexOf('.') >= 0) {
            context.next(); // a file: the static resources have it, or it is absent (404)
            return;
        }
        // a route of the single-page application: its page, which reads the route from the URL
        response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8");
        if (context.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(index.length())).end();
        } else {
            response.end(index);
        }
    }

    /** The raw path is the normalised one, and made of the characters OHIF's names and routes use. */
    static boolean plain(String raw, String normalised) {
        return raw.equals(normalised) && raw.startsWith(BASE) && !raw.contains("//") && !raw.contains("/.")
                && raw.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '/' || c == '.'
                        || c == '-' || c == '_'));
    }

    private static void notFound(HttpServerResponse response) {
        response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("Not Found");
    }

    private static Buffer loadIndex() {
        try (InputStream in = ViewerRoutes.class.getClassLoader().getResourceAsStream("META-INF/resources/viewer/index.html")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/resources/viewer/index.html is not on the class path"
                        + " (the iris-viewer module builds it)");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.irisimaging.gateway.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The portal's pages on the public origin: {@code /} leads to {@code /portal/}, and everything under
 * {@code /portal/} carries the security headers of the sign-in pages, adapted to a script-driven
 * page (its own scripts only; blob: images and frames for thumbnails and PDF reports).
 */
@ApplicationScoped
public class PortalRoutes {

    /** Scripts, styles and data from this origin only; no inline code; never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob: data:; frame-src blob:; object-src 'none'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void routes(@Observes Router router) {
        // regular expressions: a plain "/portal" route would also take "/portal/" (trailing slash ignored)
        router.getWithRegex("^/$").order(-10).handler(rc -> rc.response().setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, "/portal/").end());
        router.getWithRegex("^/portal$").order(-10).handler(rc -> rc.response().setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, "/portal/").end());
        router.route("/portal/*").order(-10).handler(rc -> {
            rc.addHeadersEndHandler(ignored -> {
                var headers = rc.response().headers();
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Frame-Options", "DENY");
                headers.set("X-Content-Type-Options", "nosniff");
                // not no-referrer: a same-origin POST would then carry "Origin: null", refused by CORS
                headers.set("Referrer-Policy", "same-origin");
                // the files are not fingerprinted: always revalidate (the static handler answers 304)
                headers.set("Cache-Control", "no-cache");
            });
            rc.next();
        });
    }
}

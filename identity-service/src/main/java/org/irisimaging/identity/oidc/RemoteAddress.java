package org.irisimaging.identity.oidc;

import io.vertx.core.http.HttpServerRequest;

/** The caller's address for the audit trail (the proxy's forwarded header handling is Quarkus'). */
public final class RemoteAddress {

    private RemoteAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}

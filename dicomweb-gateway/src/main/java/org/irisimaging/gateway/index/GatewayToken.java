package org.irisimaging.gateway.index;

import io.quarkus.oidc.client.runtime.AbstractTokensProducer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's own client-credentials token from identity-service (client {@code dicomweb-gateway},
 * role {@code ingest}; {@code quarkus.oidc-client.*}): kept and renewed shortly before it expires by
 * quarkus-oidc-client, as its REST client filter would, but for the JDK client of
 * {@link StudyIndexHttp}. Asked for on first use, not at startup.
 */
@ApplicationScoped
class GatewayToken extends AbstractTokensProducer {

    GatewayToken() {
        earlyTokenAcquisition = false;
    }

    /** {@code Bearer <access token>}; a token endpoint that cannot answer is an unavailable index. */
    String authorization() {
        try {
            return "Bearer " + awaitTokens().getAccessToken();
        } catch (RuntimeException e) {
            throw new IndexUnavailableException(0, "no token from identity-service: " + e.getClass().getSimpleName());
        }
    }
}

package org.irisimaging.gateway.index;

import io.quarkus.oidc.client.runtime.AbstractTokensProducer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's own client-credentials token from identity-service (client {@code dicomweb-gateway},
 * role {@code ingest}; {@code quarkus.oidc-client.*}): kept and renewed shortly before it expires by
 * quarkus-oidc-client, as its REST client filter would, but for the JDK client of
 * {@link StudyIndexHttp}. Asked for on first use, not at startup. Also sent beside a caller's token
 * ({@value #AUDIT_HEADER}) so that study-index takes the endpoint and address the gateway reports for
 * the audit log as the gateway's word; study-index ignores those headers without it (ADR 0021).
 */
@ApplicationScoped
class GatewayToken extends AbstractTokensProducer {

    /** The header study-index reads the gateway's token from (study-index's {@code RequestChannel}). */
    static final String AUDIT_HEADER = "X-Iris-Gateway-Token";

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

    /**
     * The current access token, or {@code null} when none can be had: a read then goes without it,
     * and study-index records what it sees itself.
     */
    String accessTokenOrNull() {
        try {
            return awaitTokens().getAccessToken();
        } catch (RuntimeException e) {
            return null;
        }
    }
}

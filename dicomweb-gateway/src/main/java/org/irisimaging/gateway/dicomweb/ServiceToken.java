package org.irisimaging.gateway.dicomweb;

import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * The gateway's own access token (client credentials, from identity-service), sent beside a
 * caller's token so that study-index takes the endpoint and address the gateway reports for the
 * audit log as the gateway's word ({@value #HEADER}); study-index ignores those headers without it.
 */
@ApplicationScoped
public class ServiceToken {

    /** The header study-index reads it from (study-index's {@code RequestChannel}). */
    public static final String HEADER = "X-Iris-Gateway-Token";

    private static final Logger LOG = Logger.getLogger(ServiceToken.class);

    private final Instance<Tokens> tokens;

    ServiceToken(Instance<Tokens> tokens) {
        this.tokens = tokens;
    }

    /**
     * The current token (renewed by the OIDC client before it expires), or {@code null} when none
     * can be had: the call then goes without it, and study-index records what it sees itself.
     */
    public String accessToken() {
        try {
            return tokens.get().getAccessToken();
        } catch (RuntimeException e) {
            LOG.debugf("No service token for study-index's audit headers: %s", e.toString());
            return null;
        }
    }
}

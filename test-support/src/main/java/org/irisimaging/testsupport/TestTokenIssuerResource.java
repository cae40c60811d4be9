package org.irisimaging.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Makes the service under test trust {@link TestTokens}: quarkus-oidc verifies them with a local
 * public key instead of identity-service's discovery document, with the same issuer, audience and
 * expiry checks.
 */
public class TestTokenIssuerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.public-key", TestTokens.publicKey(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER,
                "quarkus.oidc.token.audience", TestTokens.AUDIENCE);
    }

    @Override
    public void stop() {
        // Nothing running.
    }
}

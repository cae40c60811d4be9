package org.irisimaging.identity.cps;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Test material for the CPS sign-ins, made fresh for each test run: a card CA (trusted), another CA
 * (not trusted), the TLS listener's certificate, an empty CRL; the client secret identity-service
 * and the upstream provider share. The service gets them as configuration.
 */
public class CpsTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int CARD_PORT = 18443;
    public static final int UPSTREAM_PORT = 18490;
    /** Pro Santé Connect's discovery document is not at the standard path; neither is the test upstream's. */
    public static final String UPSTREAM_DISCOVERY = "http://localhost:" + UPSTREAM_PORT
            + "/.well-known/wallet-openid-configuration";
    public static final String UPSTREAM_CLIENT = "iris-identity";

    @Override
    public Map<String, String> start() {
        try {
            TestPki.Issued cardCa = TestPki.ca("Test card CA");
            TestPki.write(cardCa, "card-ca");
            TestPki.write(TestPki.ca("Untrusted card CA"), "untrusted-ca");
            TestPki.write(TestPki.server(cardCa), "listener");
            Files.writeString(TestPki.DIR.resolve("card-ca.crl"), TestPki.crlPem(cardCa));
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String clientSecret = HexFormat.of().formatHex(secret);
            Files.writeString(TestPki.DIR.resolve("upstream-client-secret"), clientSecret);
            String dir = TestPki.DIR.toAbsolutePath().toString();
            return Map.ofEntries(
                    Map.entry("iris.identity.cps.mtls.enabled", "true"),
                    Map.entry("iris.identity.cps.mtls.public-url", "https://localhost:" + CARD_PORT),
                    Map.entry("iris.identity.cps.mtls.host", "localhost"),
                    Map.entry("iris.identity.cps.mtls.port", String.valueOf(CARD_PORT)),
                    Map.entry("iris.identity.cps.mtls.certificate-file", dir + "/listener.pem"),
                    Map.entry("iris.identity.cps.mtls.key-file", dir + "/listener-key.pem"),
                    Map.entry("iris.identity.cps.mtls.trusted-ca-files", dir + "/card-ca.pem"),
                    Map.entry("iris.identity.cps.mtls.crl-files", dir + "/card-ca.crl"),
                    Map.entry("iris.identity.cps.federation.enabled", "true"),
                    Map.entry("iris.identity.cps.federation.discovery-url", UPSTREAM_DISCOVERY),
                    Map.entry("iris.identity.cps.federation.client-id", UPSTREAM_CLIENT),
                    Map.entry("iris.identity.cps.federation.client-secret", clientSecret));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make the CPS test PKI", e);
        }
    }

    @Override
    public void stop() {
    }
}

package org.irisimaging.gateway.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.irisimaging.testsupport.TestTokens;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * identity-service's side of the client-credentials exchange, as the gateway sees it: {@code POST
 * /token} with client_secret_basic (form-encoded id and secret, RFC 6749 §2.3.1) and
 * {@code grant_type=client_credentials}; one registered machine client, {@code orthanc} (secret
 * {@code orthan+c:s3cret}, role site-admin), whose tokens are signed by {@link TestTokens} and
 * so verify in the gateway. Anything else: 401 {@code invalid_client}. {@code GET /_calls} counts
 * the token requests (the test runs in another class loader).
 */
public class MachineTokenEndpointResource implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT = "orthanc";
    static final String SECRET = "orthan+c:s3cret";

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/token", this::token);
        server.createContext("/_calls", exchange -> send(exchange, 200, Integer.toString(calls.get())));
        server.start();
        return Map.of("iris.basic-auth.token-endpoint",
                "http://localhost:" + server.getAddress().getPort() + "/token",
                "iris.basic-auth.refusal-memory", "PT2S",
                // The DICOMweb API (default) and, for this test, a GET that needs no study-index.
                "iris.basic-auth.paths", "/studies,/series,/instances,/wado,/api/dimse");
    }

    private void token(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(exchange.getRequestMethod()) || !"grant_type=client_credentials".equals(body)
                || authorization == null || !authorization.startsWith("Basic ")) {
            send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        if (!CLIENT.equals(id) || !SECRET.equals(secret)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"iris\"");
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        send(exchange, 200, "{\"access_token\":\"" + TestTokens.issue(CLIENT, "site-admin")
                + "\",\"token_type\":\"Bearer\",\"expires_in\":900}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

package org.irisimaging.gateway.origin;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Two HTTP servers standing for services behind the public origin (an OpenID provider and a
 * platform API): each answers with what it received (method, path and query, headers, body), sets a
 * cookie and a {@code Location}, and adds CORS headers of its own that the gateway must not let
 * through. What the gateway forwarded is then read from the answer.
 */
public class OwningServiceEcho implements QuarkusTestResourceLifecycleManager {

    static final String ALLOWED_ORIGIN = "http://viewer.example.org";

    private HttpServer identity;
    private HttpServer studyIndex;

    @Override
    public Map<String, String> start() {
        identity = echo("identity-service");
        studyIndex = echo("study-index-service");
        return Map.of(
                "iris.public-origin.services.identity-service.url", url(identity),
                "iris.public-origin.services.study-index-service.url", url(studyIndex),
                "quarkus.http.cors.origins", ALLOWED_ORIGIN);
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static HttpServer echo(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(), String.join(",", values)));
                String answer = "service=" + name + "\n"
                        + "request=" + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                        + headers.entrySet().stream().map(e -> "header." + e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("\n")) + "\n"
                        + "body.length=" + body.length + "\n"
                        + "body=" + new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1) + "\n";
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Set-Cookie", "iris_session=abc; Path=/; HttpOnly");
                exchange.getResponseHeaders().add("Location", "http://localhost:8080/sign-in?from=" + name);
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/found") ? 302 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (identity != null) {
            identity.stop(0);
        }
        if (studyIndex != null) {
            studyIndex.stop(0);
        }
    }
}

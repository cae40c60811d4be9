package org.irisimaging.gateway.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The gateway side of study-index-service's export contract, minimally (like the index package's
 * StudyIndexContractServer for registration): {@code POST /api/exports} answers 202 with a Location
 * and echoes what it received (token, body, {@code X-Iris-Endpoint}, {@code X-Forwarded-For});
 * {@code GET /api/exports} lists the declared exports of the caller's token and echoes the query and
 * headers; {@code GET /api/exports/{id}} and {@code /archive-location} answer the requester of an export the
 * tests declared ({@code POST /_control/exports}: id, requester's token, blob key, size, status to
 * answer: 200, 404, 410 or 403) and 404 to anyone else, with problem documents as study-index
 * writes them. study-index-service's own behaviour is tested in its module and end to end.
 */
final class ExportContractServer {

    private static ExportContractServer running;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, JsonNode> exports = new ConcurrentHashMap<>();

    private ExportContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/exports", this::exports);
        server.createContext("/_control/exports", this::declare);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "export-contract");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The server of this class loader, started on first use (its threads are daemons). */
    static synchronized String baseUrl() {
        if (running == null) {
            try {
                running = new ExportContractServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "http://127.0.0.1:" + running.server.getAddress().getPort();
    }

    private void declare(HttpExchange exchange) throws IOException {
        JsonNode export = json.readTree(exchange.getRequestBody());
        exports.put(export.path("id").asText(), export);
        send(exchange, 204, null, null);
    }

    private void exports(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (path.equals("/api/exports") && exchange.getRequestMethod().equals("POST")) {
            ObjectNode echo = json.createObjectNode().put("id", UUID.randomUUID().toString()).put("status", "REQUESTED")
                    .put("authorization", authorization)
                    .put("endpoint", exchange.getRequestHeaders().getFirst("X-Iris-Endpoint"))
                    .put("forwardedFor", exchange.getRequestHeaders().getFirst("X-Forwarded-For"))
                    .put("gatewayToken", exchange.getRequestHeaders().getFirst("X-Iris-Gateway-Token"));
            echo.set("body", json.readTree(exchange.getRequestBody()));
            // absolute, as JAX-RS makes it: the gateway must not pass study-index-service's address on
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/api/exports/" + echo.path("id").asText());
            send(exchange, 202, "application/json", echo.toString());
            return;
        }
        if (path.equals("/api/exports") && exchange.getRequestMethod().equals("GET")) {
            // the list: the declared exports of the caller's token, with what the gateway sent
            ObjectNode list = json.createObjectNode().put("query", exchange.getRequestURI().getRawQuery())
                    .put("authorization", authorization)
                    .put("endpoint", exchange.getRequestHeaders().getFirst("X-Iris-Endpoint"))
                    .put("forwardedFor", exchange.getRequestHeaders().getFirst("X-Forwarded-For"));
            var rows = list.putArray("exports");
            exports.values().stream().filter(e -> ("Bearer " + e.path("token").asText()).equals(authorization))
                    .forEach(e -> rows.addObject().put("id", e.path("id").asText()).put("status", "READY"));
            list.put("total", rows.size());
            send(exchange, 200, "application/json", list.toString());
            return;
        }
        String[] parts = path.split("/"); // "", api, exports, {id}[, archive-location]
        JsonNode export = parts.length >= 4 ? exports.get(parts[3]) : null;
        if (export == null || !("Bearer " + export.path("token").asText()).equals(authorization)) {
            send(exchange, 404, "application/problem+json", problem(404, "not-found", "no such export"));
            return;
        }
        if (parts.length == 4) {
            send(exchange, 200, "application/json", "{\"id\":\"" + parts[3] + "\",\"status\":\"READY\"}");
            return;
        }
        int status = export.path("status").asInt();
        switch (status) {
            case 200 -> send(exchange, 200, "application/json", json.createObjectNode().put("id", parts[3])
                    .put("studyInstanceUID", "1.2.3").put("blobKey", export.path("blobKey").asText())
                    .put("sizeBytes", export.path("sizeBytes").asLong()).put("expiresAt", "2099-01-01T00:00:00Z")
                    .toString());
            case 410 -> send(exchange, 410, "application/problem+json", problem(410, "export-expired", "expired"));
            default -> send(exchange, status, "application/problem+json", problem(status, "refused", "refused"));
        }
    }

    private String problem(int status, String slug, String detail) {
        return json.createObjectNode().put("type", "urn:iris:problem:" + slug).put("status", status)
                .put("detail", detail).toString();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

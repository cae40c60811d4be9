package org.irisimaging.gateway.wado;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * study-index-service's locations API as the gateway reads it ({@code GET
 * /api/locations/studies/{study}[/series/{series}[/instances/{instance}]]}), minimally: the
 * instances a test declared, to any bearer token, 404 otherwise. Access decisions are study-index's
 * and tested there and end to end; here the subject is what the gateway does with a stored file.
 */
final class LocationsServer {

    private static LocationsServer running;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, InstanceLocation> instances = new ConcurrentHashMap<>();

    private LocationsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/locations/studies/", this::locations);
        server.createContext("/_control/locations", this::declare);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "locations-contract");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    static synchronized LocationsServer get() {
        if (running == null) {
            try {
                running = new LocationsServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return running;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Declares an instance, through HTTP: the profile that starts this server and the test that
     * declares instances may see this class through different class loaders (Quarkus tests).
     */
    static void declare(String baseUrl, InstanceLocation location) throws IOException, InterruptedException {
        byte[] body = new ObjectMapper().writeValueAsBytes(location);
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            int status = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/_control/locations"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                throw new IOException("locations server answered " + status);
            }
        }
    }

    private void declare(HttpExchange exchange) throws IOException {
        InstanceLocation location = json.readValue(exchange.getRequestBody(), InstanceLocation.class);
        instances.put(location.sopInstanceUID(), location);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private void locations(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().substring("/api/locations/studies/".length()).split("/");
        List<InstanceLocation> found = instances.values().stream()
                .filter(l -> l.studyInstanceUID().equals(path[0]))
                .filter(l -> path.length < 3 || l.seriesInstanceUID().equals(path[2]))
                .filter(l -> path.length < 5 || l.sopInstanceUID().equals(path[4]))
                .toList();
        boolean authorised = exchange.getRequestHeaders().getFirst("Authorization") != null;
        byte[] body = json.writeValueAsBytes(found);
        if (found.isEmpty() || !authorised) {
            body = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(found.isEmpty() || !authorised ? 404 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}

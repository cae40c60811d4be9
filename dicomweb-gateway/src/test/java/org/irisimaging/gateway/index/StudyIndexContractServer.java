package org.irisimaging.gateway.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server implementing, minimally, the two endpoints the gateway calls: identity-service's
 * client-credentials token endpoint ({@code POST /token}) and study-index-service's instance
 * registration ({@code POST /api/instances}), with the contract's semantics: 201 CREATED, 200
 * REPLACED / UNCHANGED by SHA-256, 409 problem {@code urn:iris:problem:sop-instance-conflict} when a
 * SOP Instance UID comes back under another study or series (and
 * {@code urn:iris:problem:series-instance-conflict} when a Series Instance UID does under another
 * study), 409 {@code urn:iris:problem:study-of-another-source} for an instance of a study first
 * registered by another source (calling AE title, or STOW-RS client) and
 * {@code urn:iris:problem:patient-mismatch} for one of the study's source naming another Patient ID
 * or Issuer (ADR 0018), 400 problem when UIDs are missing, 401 without the token it issued. This is the gateway side of the contract, not a stand-in for
 * study-index-service (which is tested end to end through run.sh).
 *
 * <p>Tests steer and inspect it over HTTP ({@code /_control/...}), so that no object has to cross
 * Quarkus' test class loaders: {@code POST /_control/reset}; {@code POST /_control/answer?sop=...&status=500}
 * forces an answer for one SOP Instance UID; {@code GET /_control/requests} lists every registration
 * received (body and Authorization header) and {@code GET /_control/tokens} counts tokens issued.
 */
public final class StudyIndexContractServer implements AutoCloseable {

    public static final String CLIENT_ID = "dicomweb-gateway";
    public static final String CLIENT_SECRET = "contract-test-secret";
    private static final String CONFLICT = "urn:iris:problem:sop-instance-conflict";
    private static final String SERIES_CONFLICT = "urn:iris:problem:series-instance-conflict";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Registered> registry = new ConcurrentHashMap<>();
    private final Map<String, Integer> forced = new ConcurrentHashMap<>();
    private final Map<String, String> seriesStudies = new ConcurrentHashMap<>();
    private final Map<String, Owner> studyOwners = new ConcurrentHashMap<>();
    private final ArrayNode requests = json.createArrayNode();
    private final Map<String, Boolean> issuedTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCount = new AtomicInteger();

    private record Registered(String study, String series, String sha256) {
    }

    /** The source and patient a study belongs to. */
    private record Owner(String source, String patient) {
    }

    public StudyIndexContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/token", this::token);
        server.createContext("/api/instances", this::register);
        server.createContext("/_control/", this::control);
        // QIDO-RS as study-index answers a search that matches nothing (the gateway's negotiation).
        server.createContext("/dicomweb/", exchange -> send(exchange, 200, "application/dicom+json", "[]"));
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "study-index-contract");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod()) || !form.contains("grant_type=client_credentials")) {
            send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        long now = Instant.now().getEpochSecond();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"urn:iris:contract-test\",\"sub\":\"" + CLIENT_ID
                        + "\",\"aud\":\"iris-platform\",\"groups\":[\"ingest\"],\"iat\":" + now + ",\"exp\":" + (now + 300)
                        + ",\"jti\":\"" + tokenCount.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("signature-" + now).getBytes(StandardCharsets.UTF_8));
        issuedTokens.put(token, true);
        send(exchange, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    }

    private void register(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        ObjectNode record = json.createObjectNode();
        record.put("method", exchange.getRequestMethod());
        record.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
        record.put("authorization", authorization);
        JsonNode registration;
        try {
            registration = json.readTree(body);
        } catch (IOException e) {
            registration = null;
        }
        record.set("body", registration);
        synchronized (requests) {
            requests.add(record);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/problem+json", problem("method-not-allowed", 405));
            return;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !issuedTokens.containsKey(authorization.substring(7))) {
            send(exchange, 401, "application/problem+json", problem("unauthorized", 401));
            return;
        }
        if (registration == null || !registration.isObject()) {
            send(exchange, 400, "application/problem+json", problem("invalid-request", 400));
            return;
        }
        JsonNode dataset = registration.path("dataset");
        String study = value(dataset, "0020000D");
        String series = value(dataset, "0020000E");
        String sop = value(dataset, "00080018");
        String sha = registration.path("blob").path("sha256").asText(null);
        if (study == null || series == null || sop == null || sha == null) {
            send(exchange, 400, "application/problem+json", problem("invalid-uids", 400));
            return;
        }
        Integer status = forced.get(sop);
        if (status != null) {
            send(exchange, status, "application/problem+json", problem("forced-by-test", status));
            return;
        }
        String outcome;
        int code;
        synchronized (registry) {
            Registered known = registry.get(sop);
            if (known != null && (!known.study().equals(study) || !known.series().equals(series))) {
                send(exchange, 409, "application/problem+json", "{\"type\":\"" + CONFLICT
                        + "\",\"title\":\"SOP Instance UID conflict\",\"status\":409}");
                return;
            }
            String seriesStudy = seriesStudies.get(series);
            if (seriesStudy != null && !seriesStudy.equals(study)) {
                send(exchange, 409, "application/problem+json", "{\"type\":\"" + SERIES_CONFLICT
                        + "\",\"title\":\"Series Instance UID conflict\",\"status\":409}");
                return;
            }
            JsonNode source = registration.path("source");
            Owner owner = new Owner(source.path("kind").asText() + "/" + source.path("callingAeTitle").asText("")
                    + "/" + source.path("clientId").asText(""),
                    value(dataset, "00100020") + "^^^" + value(dataset, "00100021"));
            Owner studyOwner = studyOwners.putIfAbsent(study, owner);
            if (studyOwner != null && !studyOwner.equals(owner)) {
                String slug = studyOwner.source().equals(owner.source()) ? "patient-mismatch" : "study-of-another-source";
                send(exchange, 409, "application/problem+json", problem(slug, 409));
                return;
            }
            seriesStudies.put(series, study);
            outcome = known == null ? "CREATED" : known.sha256().equals(sha) ? "UNCHANGED" : "REPLACED";
            code = known == null ? 201 : 200;
            registry.put(sop, new Registered(study, series, sha));
        }
        send(exchange, code, "application/json", "{\"studyInstanceUID\":\"" + study + "\",\"seriesInstanceUID\":\""
                + series + "\",\"sopInstanceUID\":\"" + sop + "\",\"outcome\":\"" + outcome + "\"}");
    }

    private void control(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        switch (path) {
            case "/_control/reset" -> {
                registry.clear();
                seriesStudies.clear();
                studyOwners.clear();
                forced.clear();
                synchronized (requests) {
                    requests.removeAll();
                }
                send(exchange, 204, null, null);
            }
            case "/_control/answer" -> {
                forced.put(query.get("sop"), Integer.parseInt(query.get("status")));
                send(exchange, 204, null, null);
            }
            case "/_control/requests" -> {
                String text;
                synchronized (requests) {
                    text = json.writeValueAsString(requests);
                }
                send(exchange, 200, "application/json", text);
            }
            case "/_control/tokens" -> send(exchange, 200, "application/json", Integer.toString(tokenCount.get()));
            default -> send(exchange, 404, null, null);
        }
    }

    private static String value(JsonNode dataset, String tag) {
        JsonNode v = dataset.path(tag).path("Value").path(0);
        return v.isTextual() ? v.asText() : null;
    }

    private static String problem(String slug, int status) {
        return "{\"type\":\"urn:iris:problem:" + slug + "\",\"title\":\"" + slug + "\",\"status\":" + status + "}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange; InputStream ignored = exchange.getRequestBody()) {
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}

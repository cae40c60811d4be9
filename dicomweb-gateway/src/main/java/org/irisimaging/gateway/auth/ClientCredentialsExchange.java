package org.irisimaging.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trades a machine client's id and secret for a client-credentials access token at
 * identity-service's token endpoint, and remembers the answer: a token until shortly before it
 * expires, a refusal for a few seconds (a wrong secret retried in a loop reaches identity-service
 * at most once per {@code refusal-memory}). Entries are keyed by a SHA-256 digest of id and
 * secret, never by the secret itself; concurrent requests with the same credentials share one
 * exchange.
 */
@ApplicationScoped
public class ClientCredentialsExchange {

    private static final Logger LOG = Logger.getLogger(ClientCredentialsExchange.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the token endpoint said about one pair of credentials. */
    sealed interface Outcome {
        Instant validUntil();
    }

    /** A token to present as bearer. */
    record Granted(String accessToken, Instant validUntil) implements Outcome {
    }

    /** Credentials refused, or identity-service not reachable. */
    record Refused(String reason, Instant validUntil) implements Outcome {
    }

    private final BasicAuthConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, CompletableFuture<Outcome>> remembered = new ConcurrentHashMap<>();

    @Inject
    ClientCredentialsExchange(BasicAuthConfig config) {
        this(config, Clock.systemUTC());
    }

    ClientCredentialsExchange(BasicAuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Whether Basic is accepted at all (a token endpoint is configured). */
    public boolean enabled() {
        return config.tokenEndpoint().isPresent();
    }

    /** The outcome for {@code clientId}/{@code secret}: remembered, or asked for now. */
    public CompletableFuture<Outcome> exchange(String clientId, String secret) {
        String key = digest(clientId, secret);
        Instant now = clock.instant();
        CompletableFuture<Outcome> known = remembered.get(key);
        if (known != null && (!known.isDone() || known.join().validUntil().isAfter(now))) {
            return known;
        }
        CompletableFuture<Outcome> fresh = new CompletableFuture<>();
        CompletableFuture<Outcome> raced = known == null ? remembered.putIfAbsent(key, fresh)
                : (remembered.replace(key, known, fresh) ? null : remembered.get(key));
        if (raced != null) {
            return raced;
        }
        evictIfFull(now);
        ask(clientId, secret).whenComplete((outcome, error) ->
                fresh.complete(error == null ? outcome : unreachable(error)));
        return fresh;
    }

    private CompletableFuture<Outcome> ask(String clientId, String secret) {
        URI endpoint = config.tokenEndpoint().orElseThrow();
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined for Basic.
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::outcome);
    }

    private Outcome outcome(HttpResponse<String> response) {
        Instant now = clock.instant();
        if (response.statusCode() == 200) {
            try {
                JsonNode body = JSON.readTree(response.body());
                String token = body.path("access_token").asText(null);
                long expiresIn = body.path("expires_in").asLong(0);
                if (token != null && expiresIn > 0) {
                    Instant until = now.plusSeconds(expiresIn).minus(config.expirySkew());
                    // A lifetime shorter than the skew: use it once, do not remember it.
                    return new Granted(token, until.isAfter(now) ? until : now);
                }
            } catch (java.io.IOException e) {
                LOG.warnf("Token endpoint answered 200 with an unreadable body: %s", e.getMessage());
            }
            return new Refused("unreadable token response", now.plus(config.refusalMemory()));
        }
        if (response.statusCode() >= 500) {
            LOG.warnf("Token endpoint answered %d to a client-credentials exchange", response.statusCode());
        }
        return new Refused("token endpoint answered " + response.statusCode(), now.plus(config.refusalMemory()));
    }

    private Outcome unreachable(Throwable error) {
        LOG.warnf("Token endpoint not reachable for a Basic client: %s", error.toString());
        // Not remembered: the next request tries again.
        return new Refused("token endpoint unreachable", clock.instant());
    }

    private void evictIfFull(Instant now) {
        if (remembered.size() <= config.maxEntries()) {
            return;
        }
        remembered.values().removeIf(f -> f.isDone() && !f.join().validUntil().isAfter(now));
        Iterator<String> oldest = remembered.keySet().iterator();
        while (remembered.size() > config.maxEntries() && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    static String digest(String clientId, String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(clientId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

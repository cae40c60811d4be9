package org.irisimaging.gateway.index;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The gateway's one client of study-index-service: one HTTP stack, and the fault-tolerance
 * policies of each kind of call (SmallRye Fault Tolerance; tunable per method with
 * {@code quarkus.fault-tolerance."org.irisimaging.gateway.index.StudyIndexHttp/<method>".*}):
 * <ul>
 * <li>{@link #read}: a GET on behalf of the caller (searches, metadata, locations, export status),
 * idempotent, so retried at once when study-index could not be reached;</li>
 * <li>{@link #send}: a call that must not be repeated (an export request): never retried;</li>
 * <li>{@link #register}: an instance registration with the gateway's own token, idempotent on the
 * SOP Instance UID, so retried with exponential backoff also on a 5xx.</li>
 * </ul>
 * Each has a timeout for the whole call (until the answer's headers; bodies are read by the caller
 * from the stream) and a circuit breaker, so that a study-index that is down is answered 503 (DIMSE:
 * out of resources) at once rather than after every caller's timeout. All of them only count
 * {@link IndexUnavailableException} and timeouts: a 404 or 409 is an answer, not a failure.
 *
 * <p>Calls on behalf of a caller carry their bearer token (study-index decides what they may see)
 * and, for its audit log, the public endpoint they used ({@value #ENDPOINT_HEADER}: method, path,
 * query) and their address ({@code X-Forwarded-For}).
 */
@ApplicationScoped
public class StudyIndexHttp {

    /** The public endpoint a caller used, for study-index's audit log (its RequestChannel). */
    public static final String ENDPOINT_HEADER = "X-Iris-Endpoint";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String JSON = "application/json";

    /*
     * HTTP/1.1 on keep-alive connections (no h2c upgrade), and the client's own tasks run where they
     * arise instead of being handed to a thread pool: each hand-off cost a search about a
     * millisecond, about what study-index takes to answer a search (QIDO-RS p50 through the gateway
     * about 6 ms -> 3 ms on a warm platform, ADR 0017). Nothing blocking runs in those tasks: bodies
     * are read by the caller from the response's stream.
     */
    private final HttpClient http;
    private final URI base;
    private final CurrentVertxRequest currentRequest;
    private final GatewayToken token;

    StudyIndexHttp(IndexConfig config, CurrentVertxRequest currentRequest, GatewayToken token) {
        // unset only when IndexSettingsCheck stops the startup
        this.base = config.url().orElse(URI.create("http://localhost:8082"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run)
                .connectTimeout(config.connectTimeout()).build();
        this.currentRequest = currentRequest;
        this.token = token;
    }

    /** A request to {@code pathAndQuery} of study-index-service, carrying the caller's {@code authorization}. */
    public HttpRequest.Builder request(String pathAndQuery, String accept, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT)
                .header("Accept", accept);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        RoutingContext context = currentRequest.getCurrent();
        if (context != null) {
            HttpServerRequest incoming = context.request();
            request.header(ENDPOINT_HEADER, incoming.method().name() + " " + incoming.uri());
            if (incoming.remoteAddress() != null) {
                request.header("X-Forwarded-For", incoming.remoteAddress().hostAddress());
            }
            String vouch = token.accessTokenOrNull(); // without it, study-index ignores the two above
            if (vouch != null) {
                request.header(GatewayToken.AUDIT_HEADER, vouch);
            }
        }
        return request;
    }

    /** An idempotent request (GET): retried at once, twice at most, when study-index could not be reached. */
    @Timeout(30_000)
    @Retry(retryOn = {IndexUnavailableException.class, TimeoutException.class}, maxRetries = 2, delay = 20, jitter = 10)
    @CircuitBreaker(failOn = {IndexUnavailableException.class, TimeoutException.class}, requestVolumeThreshold = 20,
            failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    public HttpResponse<InputStream> read(HttpRequest request) {
        return exchange(request);
    }

    /** A request that must not be repeated: sent once. */
    @Timeout(30_000)
    @CircuitBreaker(failOn = {IndexUnavailableException.class, TimeoutException.class}, requestVolumeThreshold = 20,
            failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    public HttpResponse<InputStream> send(HttpRequest request) {
        return exchange(request);
    }

    /**
     * {@code POST /api/instances} with the gateway's token: retried (1 + 3 attempts, 200 ms doubling
     * to 2 s, with jitter) when the index could not be reached or answered 5xx; any other answer is
     * returned for {@link StudyIndexClient} to read.
     */
    @Timeout(10_000)
    @Retry(retryOn = {IndexUnavailableException.class, TimeoutException.class}, maxRetries = 3, delay = 200,
            jitter = 40, maxDuration = 60_000)
    @ExponentialBackoff(factor = 2, maxDelay = 2_000)
    @CircuitBreaker(failOn = {IndexUnavailableException.class, TimeoutException.class}, requestVolumeThreshold = 20,
            failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    public HttpResponse<InputStream> register(byte[] registration) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/instances")).timeout(TIMEOUT)
                .header("Content-Type", JSON)
                .header("Accept", JSON + ", application/problem+json")
                .header("Authorization", token.authorization())
                .POST(HttpRequest.BodyPublishers.ofByteArray(registration)).build();
        HttpResponse<InputStream> response = exchange(request);
        if (response.statusCode() >= 500) {
            closeQuietly(response.body());
            throw new IndexUnavailableException(response.statusCode(),
                    "study-index-service answered " + response.statusCode());
        }
        return response;
    }

    private HttpResponse<InputStream> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IndexUnavailableException(0, "study-index-service unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            // the call's timeout interrupted it: Fault Tolerance answers with its TimeoutException
            Thread.currentThread().interrupt();
            throw new IndexUnavailableException(0, "interrupted");
        }
    }

    public static IndexUnavailableException unavailable(String detail) {
        return new IndexUnavailableException(0, detail);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // nothing to free
        }
    }
}

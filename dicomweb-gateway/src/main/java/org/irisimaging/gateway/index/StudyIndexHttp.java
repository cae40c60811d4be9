package org.irisimaging.gateway.index;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.irisimaging.gateway.dicomweb.ServiceToken;
import org.irisimaging.baseline.problem.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls to study-index-service on behalf of the caller of the current request: the caller's bearer
 * token travels with each (study-index decides what they may see), and so do, for its audit log,
 * the public endpoint they used ({@value #ENDPOINT_HEADER}: method, path, query) and their address
 * ({@code X-Forwarded-For}). A study-index that cannot be reached or answers garbage is a 503.
 */
@ApplicationScoped
public class StudyIndexHttp {

    /** The public endpoint a caller used, for study-index's audit log (its RequestChannel). */
    public static final String ENDPOINT_HEADER = "X-Iris-Endpoint";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /*
     * HTTP/1.1 on keep-alive connections (no h2c upgrade), and the client's own tasks run where they
     * arise instead of being handed to a thread pool: each hand-off cost a search about a
     * millisecond, about what study-index takes to answer a search (QIDO-RS p50 through the gateway
     * about 6 ms -> 3 ms on a warm platform). Nothing blocking runs in those tasks: bodies are read
     * by the caller from the response's stream.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Runnable::run).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final CurrentVertxRequest currentRequest;

    private final ServiceToken serviceToken;

    StudyIndexHttp(@ConfigProperty(name = "quarkus.rest-client.study-index.url") URI base,
                   CurrentVertxRequest currentRequest, ServiceToken serviceToken) {
        this.base = base;
        this.currentRequest = currentRequest;
        this.serviceToken = serviceToken;
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
            String vouch = serviceToken.accessToken(); // without it, study-index ignores the two above
            if (vouch != null) {
                request.header(ServiceToken.HEADER, vouch);
            }
        }
        return request;
    }

    public HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unavailable("study-index-service unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "index-unavailable", "Index unavailable", detail);
    }
}

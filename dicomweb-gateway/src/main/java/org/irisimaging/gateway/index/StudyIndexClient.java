package org.irisimaging.gateway.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.OidcClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.irisimaging.gateway.index.RegistrationException.Kind;
import org.jboss.logging.Logger;

/**
 * Registers instances in study-index-service: one call of {@link StudyIndexApi} per attempt, with a
 * bounded number of retries and exponential backoff with jitter for failures that may pass (5xx, no
 * connection, timeout, no token). A 409 or 400 is final at once. Timeouts per attempt are the REST
 * client's ({@code quarkus.rest-client.study-index.connect-timeout} / {@code read-timeout}).
 *
 * <p>Attempts run on the caller's thread (a DIMSE association or, later, a STOW request worker):
 * the caller waits for the verdict anyway, and no shared pool is tied up by the backoff.
 */
@ApplicationScoped
public class StudyIndexClient {

    private static final Logger LOG = Logger.getLogger(StudyIndexClient.class);

    private final StudyIndexApi api;
    private final IndexConfig.Retry retry;
    private final ObjectMapper json;

    public StudyIndexClient(@RestClient StudyIndexApi api, IndexConfig config, ObjectMapper json) {
        this.api = api;
        this.retry = config.retry();
        this.json = json;
    }

    /**
     * Registers {@code registration}; returns study-index-service's answer.
     *
     * @throws RegistrationException when it refused ({@link Kind#CONFLICT}, {@link Kind#REJECTED}) or
     *                               could not be reached after the retries ({@link Kind#UNAVAILABLE})
     */
    public RegisteredInstance register(InstanceRegistration registration) throws RegistrationException {
        Duration backoff = retry.initialBackoff();
        for (int attempt = 0;; attempt++) {
            try {
                return attempt(registration);
            } catch (RegistrationException e) {
                if (e.kind() != Kind.UNAVAILABLE || e.httpStatus() == 401 || e.httpStatus() == 403) {
                    throw e;
                }
                if (attempt >= retry.maxRetries()) {
                    throw new RegistrationException(e.kind(), e.httpStatus(),
                            e.getMessage() + " (" + (attempt + 1) + " attempts)", e.getCause());
                }
                LOG.debugf("Registration attempt %s failed (%s), retrying in about %s ms", (Object) (attempt + 1), e.getMessage(),
                        backoff.toMillis());
                sleep(jittered(backoff));
                backoff = min(backoff.multipliedBy(2), retry.maxBackoff());
            }
        }
    }

    private RegisteredInstance attempt(InstanceRegistration registration) throws RegistrationException {
        Response answer;
        try {
            answer = api.registerInstance(registration);
        } catch (WebApplicationException e) {
            answer = e.getResponse(); // the default mapper throws for >= 400
        } catch (ProcessingException | OidcClientException e) {
            throw new RegistrationException(Kind.UNAVAILABLE, 0,
                    "study-index-service not reachable: " + rootCause(e), e);
        } catch (RuntimeException e) {
            throw new RegistrationException(Kind.UNAVAILABLE, 0, "registration call failed: " + rootCause(e), e);
        }
        try (Response response = answer) {
            int status = response.getStatus();
            if (status == 200 || status == 201) {
                RegisteredInstance registered;
                try {
                    registered = response.readEntity(RegisteredInstance.class);
                } catch (RuntimeException e) {
                    throw new RegistrationException(Kind.UNAVAILABLE, status,
                            "unreadable answer from study-index-service: " + rootCause(e), e);
                }
                if (registered == null || registered.outcome() == null) {
                    throw new RegistrationException(Kind.UNAVAILABLE, status,
                            "study-index-service answered " + status + " without an outcome", null);
                }
                return registered;
            }
            String detail = problemSummary(response);
            if (status == 409) {
                // the problem type decides the sender's DIMSE status / STOW Failure Reason
                throw RegistrationException.conflict(detail.split(" ", 2)[0]);
            }
            if (status == 401 || status == 403) {
                LOG.errorf("study-index-service refused the gateway's token (%d): check quarkus.oidc-client.* and that"
                        + " client's role 'ingest'", status);
                return throwFinal(Kind.UNAVAILABLE, status, "study-index-service refused the gateway's token (" + status + ")");
            }
            if (status >= 400 && status < 500) {
                return throwFinal(Kind.REJECTED, status, "study-index-service refused the instance (" + status + "): " + detail);
            }
            throw new RegistrationException(Kind.UNAVAILABLE, status, "study-index-service answered " + status, null);
        }
    }

    private static RegisteredInstance throwFinal(Kind kind, int status, String message) throws RegistrationException {
        throw new RegistrationException(kind, status, message, null);
    }

    /** The problem document's type and title, for messages (never the request's content). */
    private String problemSummary(Response response) {
        try {
            if (!response.hasEntity()) {
                return "(no body)";
            }
            JsonNode problem = json.readTree(response.readEntity(String.class));
            String type = problem.path("type").asText("");
            String title = problem.path("title").asText("");
            return type.isEmpty() && title.isEmpty() ? "(no problem document)" : (type + " " + title).strip();
        } catch (IOException | RuntimeException e) {
            return "(no problem document)";
        }
    }

    private static Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        long jitter = millis / 5;
        return Duration.ofMillis(Math.max(0, millis - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) throws RegistrationException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistrationException(Kind.UNAVAILABLE, 0, "interrupted while waiting to retry", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

package org.irisimaging.gateway.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.gateway.index.RegistrationException.Kind;
import org.jboss.logging.Logger;

/**
 * Registers instances in study-index-service through {@link StudyIndexHttp#register}, whose
 * fault-tolerance policies retry what may pass (no connection, 5xx, timeout) and stop calling a
 * failing index for a while (circuit breaker); this maps the final answer. A 409 or 400 is final at
 * once, and so is a refused token (401/403: configuration, not a passing failure).
 *
 * <p>Calls run on the caller's thread (a DIMSE association or a STOW request worker): the caller
 * waits for the verdict anyway, and no shared pool is tied up by the backoff.
 */
@ApplicationScoped
public class StudyIndexClient {

    private static final Logger LOG = Logger.getLogger(StudyIndexClient.class);

    private final StudyIndexHttp http;
    private final ObjectMapper json;

    public StudyIndexClient(StudyIndexHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /**
     * Registers {@code registration}; returns study-index-service's answer.
     *
     * @throws RegistrationException when it refused ({@link Kind#CONFLICT}, {@link Kind#REJECTED}) or
     *                               could not be reached after the retries ({@link Kind#UNAVAILABLE})
     */
    public RegisteredInstance register(InstanceRegistration registration) throws RegistrationException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(registration);
        } catch (JsonProcessingException e) {
            throw new RegistrationException(Kind.REJECTED, 0, "registration not serialisable: " + rootCause(e), e);
        }
        HttpResponse<InputStream> answer;
        try {
            answer = http.register(body);
        } catch (IndexUnavailableException e) {
            throw new RegistrationException(Kind.UNAVAILABLE, e.httpStatus(), e.getMessage() + " (after retries)", e);
        } catch (FaultToleranceException e) {
            throw new RegistrationException(Kind.UNAVAILABLE, 0,
                    "study-index-service not answering (" + e.getClass().getSimpleName() + ")", e);
        }
        try (InputStream in = answer.body()) {
            return read(answer.statusCode(), in);
        } catch (IOException e) {
            throw new RegistrationException(Kind.UNAVAILABLE, answer.statusCode(),
                    "unreadable answer from study-index-service: " + rootCause(e), e);
        }
    }

    private RegisteredInstance read(int status, InputStream body) throws RegistrationException, IOException {
        if (status == 200 || status == 201) {
            RegisteredInstance registered;
            try {
                registered = json.readValue(body, RegisteredInstance.class);
            } catch (IOException | RuntimeException e) {
                throw new RegistrationException(Kind.UNAVAILABLE, status,
                        "unreadable answer from study-index-service: " + rootCause(e), e);
            }
            if (registered == null || registered.outcome() == null) {
                throw new RegistrationException(Kind.UNAVAILABLE, status,
                        "study-index-service answered " + status + " without an outcome", null);
            }
            return registered;
        }
        String detail = problemSummary(body);
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

    private static RegisteredInstance throwFinal(Kind kind, int status, String message) throws RegistrationException {
        throw new RegistrationException(kind, status, message, null);
    }

    /** The problem document's type and title, for messages (never the request's content). */
    private String problemSummary(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(64 * 1024);
            if (bytes.length == 0) {
                return "(no body)";
            }
            JsonNode problem = json.readTree(bytes);
            String type = problem.path("type").asText("");
            String title = problem.path("title").asText("");
            return type.isEmpty() && title.isEmpty() ? "(no problem document)" : (type + " " + title).strip();
        } catch (IOException | RuntimeException e) {
            return "(no problem document)";
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

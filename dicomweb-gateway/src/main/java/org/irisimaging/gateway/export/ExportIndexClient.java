package org.irisimaging.gateway.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;
import org.irisimaging.gateway.index.StudyIndexHttp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * study-index-service's export API, called on behalf of the caller: their bearer token travels with
 * every request, so study-index decides (access to the study, the job being theirs, the expiry), and
 * the public endpoint and the caller's address go along ({@code X-Iris-Endpoint},
 * {@code X-Forwarded-For}) for the audit log.
 */
@ApplicationScoped
public class ExportIndexClient {

    private static final String ACCEPT = "application/json, application/problem+json";

    private final StudyIndexHttp http;
    private final ObjectMapper json;

    ExportIndexClient(StudyIndexHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** Forwards {@code POST /api/exports} with the caller's JSON body. */
    HttpResponse<InputStream> requestExport(byte[] body, String authorization) {
        return http.send(http.request("/api/exports", ACCEPT, authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /**
     * Forwards {@code GET /api/exports} (the caller's list) with the paging parameters the caller
     * gave, each encoded as a value (study-index validates them), nothing else.
     */
    HttpResponse<InputStream> listExports(String limit, String offset, String authorization) {
        StringBuilder path = new StringBuilder("/api/exports");
        char separator = '?';
        for (String[] param : new String[][] {{"limit", limit}, {"offset", offset}}) {
            if (param[1] != null) {
                path.append(separator).append(param[0]).append('=')
                        .append(URLEncoder.encode(param[1], StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return http.read(http.request(path.toString(), ACCEPT, authorization).GET().build());
    }

    /** Forwards {@code GET /api/exports/{id}}. */
    HttpResponse<InputStream> exportStatus(UUID id, String authorization) {
        return http.read(http.request("/api/exports/" + id, ACCEPT, authorization).GET().build());
    }

    /**
     * Where the caller's ready package is. A refusal is thrown as study-index-service's problem:
     * 404 (not theirs, not ready, unknown), 410 (expired), 401; a 403 (a token that may read
     * nothing, e.g. a sending system's) is answered 404 like an unknown export.
     */
    ArchiveLocation archiveLocation(UUID id, String authorization) {
        HttpResponse<InputStream> response = http.read(
                http.request("/api/exports/" + id + "/archive-location", ACCEPT, authorization).GET().build());
        try (InputStream body = response.body()) {
            return switch (response.statusCode()) {
                case 200 -> json.readValue(body, ArchiveLocation.class);
                case 403, 404 -> throw ProblemException.notFound("no ready export " + id);
                case 410 -> throw new ProblemException(ProblemType.EXPORT_EXPIRED,
                        "this export's download period is over; request it again");
                case 401 -> throw new ProblemException(ProblemType.UNAUTHORIZED, "Token refused");
                default -> throw StudyIndexHttp.unavailable("study-index-service answered " + response.statusCode());
            };
        } catch (IOException e) {
            throw StudyIndexHttp.unavailable("study-index-service answer unreadable");
        }
    }

    /** A ready package, as study-index-service locates it. */
    @RegisterForReflection
    public record ArchiveLocation(String id, String studyInstanceUID, String blobKey, Long sizeBytes,
                                  String expiresAt) {
    }
}

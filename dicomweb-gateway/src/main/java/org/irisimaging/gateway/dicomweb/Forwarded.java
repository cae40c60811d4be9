package org.irisimaging.gateway.dicomweb;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Turns an answer of study-index-service into the gateway's answer, streaming the body: status,
 * the headers a client needs, and a {@code Location} reduced to its path (study-index-service's own
 * address is not the caller's business; the gateway answers the same paths).
 */
public final class Forwarded {

    private static final List<String> KEPT_HEADERS = List.of("Content-Type", "ETag", "Warning", "Cache-Control");

    private Forwarded() {
    }

    public static Response response(HttpResponse<InputStream> answer) {
        Response.ResponseBuilder builder = Response.status(answer.statusCode());
        for (String name : KEPT_HEADERS) {
            answer.headers().firstValue(name).ifPresent(value -> builder.header(name, value));
        }
        answer.headers().firstValue("Location")
                .ifPresent(value -> builder.header("Location", URI.create(value).getRawPath()));
        if (answer.statusCode() == 204 || answer.statusCode() == 304) {
            closeQuietly(answer.body());
            return builder.build();
        }
        StreamingOutput body = out -> {
            try (InputStream in = answer.body()) {
                in.transferTo(out);
            }
        };
        return builder.entity(body).build();
    }

    /** Closes an answer's body that will not be read. */
    public static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException ignored) {
            // nothing was read
        }
    }
}

package org.irisimaging.baseline.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;

/**
 * An RFC 9457 problem details document, served as {@code application/problem+json}.
 *
 * @param type     stable identifier of the problem kind ({@code urn:iris:problem:<slug>}), the
 *                 field clients should branch on
 * @param title    short human summary of the problem kind
 * @param status   the HTTP status code
 * @param detail   what went wrong for this request; never contains patient data or internals
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** {@code urn:iris:problem:<slug>}: the type URI of a problem kind. */
    public static URI type(String slug) {
        return URI.create("urn:iris:problem:" + slug);
    }
}

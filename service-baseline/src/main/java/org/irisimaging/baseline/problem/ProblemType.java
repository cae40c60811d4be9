package org.irisimaging.baseline.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of problem types of every Iris service: one slug, status and title per kind of
 * failure, so that a client branching on {@code type} ({@code urn:iris:problem:<slug>}) sees one
 * name for one thing. A new kind of failure is added here first; {@code ProblemCatalogueTest}
 * fails on a slug used anywhere in the services that is not listed, or listed with another status.
 * Documented in docs/conformance.md ("Problem types").
 */
public enum ProblemType {

    // --- generic, one per status: what the framework's own refusals are answered with ---
    BAD_REQUEST(400, "bad-request", "Bad request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    GONE(410, "gone", "Gone"),
    /** The one 413, whatever the body: a STOW-RS request, an export request, any request. */
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable"),

    // --- requests ---
    /** Bean Validation refused the request's content. */
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    /** QIDO-RS: a query key or parameter Iris does not support (PS3.18: 400, never ignored). */
    UNSUPPORTED_QUERY_PARAMETER(400, "unsupported-query-parameter", "Unsupported query parameter"),
    /** QIDO-RS: a malformed value, a repeated key, a bad limit/offset or UID. */
    INVALID_QUERY_PARAMETER(400, "invalid-query-parameter", "Invalid query parameter"),

    // --- DICOM content and the study index ---
    INVALID_REGISTRATION(400, "invalid-registration", "Invalid registration"),
    SOP_INSTANCE_CONFLICT(409, "sop-instance-conflict", "SOP Instance UID conflict"),
    SERIES_INSTANCE_CONFLICT(409, "series-instance-conflict", "Series Instance UID conflict"),
    /** The study belongs to the source that first registered it (ADR 0018). */
    STUDY_OF_ANOTHER_SOURCE(409, "study-of-another-source", "Study of another source"),
    /** From the study's source, but another patient than the study's (ADR 0018). */
    PATIENT_MISMATCH(409, "patient-mismatch", "Patient mismatch"),
    NOT_RENDERABLE(406, "not-renderable", "Not renderable"),
    EXPORT_EXPIRED(410, "export-expired", "Export expired"),
    INDEX_UNAVAILABLE(503, "index-unavailable", "Index unavailable"),
    AUDIT_UNAVAILABLE(503, "audit-unavailable", "Audit log unavailable"),

    // --- accounts (identity-service) ---
    ACCOUNT_EXISTS(409, "account-exists", "Account exists"),
    CHARTER_NOT_ACCEPTED(400, "charter-not-accepted", "Charter not accepted"),
    PASSWORD_POLICY(400, "password-policy", "Password refused by the policy"),
    WRONG_PASSWORD(403, "wrong-password", "Wrong password"),
    INVALID_STATUS_TRANSITION(409, "invalid-status-transition", "Invalid status transition"),
    CPS_SIGN_IN_REQUIRED(409, "cps-sign-in-required", "Not possible now"),
    PASSWORD_REQUIRED(409, "password-required", "Not possible now"),
    OTP_CHANNEL_IN_USE(409, "otp-channel-in-use", "Not possible now"),
    OTP_CHANNEL_UNAVAILABLE(409, "otp-channel-unavailable", "Not possible now"),
    OTP_DESTINATION_MISSING(409, "otp-destination-missing", "Not possible now");

    private static final Map<String, ProblemType> BY_SLUG = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ProblemType::slug, Function.identity()));

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** {@code urn:iris:problem:<slug>}. */
    public URI uri() {
        return Problem.type(slug);
    }

    public static Optional<ProblemType> bySlug(String slug) {
        return Optional.ofNullable(BY_SLUG.get(slug));
    }

    /** The generic type of an HTTP status (a framework refusal): its own, else bad request or internal error. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type; // generic types come first
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}

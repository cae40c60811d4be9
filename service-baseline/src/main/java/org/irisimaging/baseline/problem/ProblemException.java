package org.irisimaging.baseline.problem;

/**
 * A domain failure with a known HTTP meaning. Services throw it (or a subclass named after the
 * domain) and the one mapper turns it into a {@link Problem}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail);
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

    /** 400: the request is understood but its content is not acceptable. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    /** 404: absent, or present but not visible to the caller — the two are indistinguishable. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }
}

package org.irisimaging.baseline.problem;

/**
 * A domain failure with a known HTTP meaning. Services throw it (or a subclass named after the
 * domain) and the one mapper turns it into a {@link Problem}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    /** A problem of the catalogue, with what went wrong this time. */
    public ProblemException(ProblemType type, String detail) {
        this(type.status(), type.slug(), type.title(), detail);
    }

    /**
     * Prefer {@link #ProblemException(ProblemType, String)}. The slug must be one of
     * {@link ProblemType} with the same status (checked by {@code ProblemCatalogueTest}).
     */
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
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }

    /** 404: absent, or present but not visible to the caller — the two are indistinguishable. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }
}

package org.irisimaging.studyindex.audit;

/** The kinds of data access the audit log distinguishes (the {@code action} column). */
public enum AccessAction {
    /** QIDO-RS search (one record per study returned). */
    QUERY("query"),
    /** WADO-RS metadata. */
    METADATA("metadata"),
    /** WADO-RS / WADO-URI retrieval of instances, frames or bulk data. */
    RETRIEVE("retrieve"),
    /** Rendered images and thumbnails. */
    RENDERED("rendered"),
    /** An export package requested. */
    EXPORT("export"),
    /** An export package downloaded. */
    DOWNLOAD("download");

    private final String code;

    AccessAction(String code) {
        this.code = code;
    }

    /**
     * The action of serving files for {@code endpoint} (as {@link RequestChannel} reports it):
     * rendered images and thumbnails (WADO-RS rendered, WADO-URI asking for an image type) are
     * {@link #RENDERED}, everything else {@link #RETRIEVE}.
     */
    public static AccessAction ofFileEndpoint(String endpoint) {
        if (endpoint == null) {
            return RETRIEVE;
        }
        String path = endpoint.toLowerCase(java.util.Locale.ROOT);
        int query = path.indexOf('?');
        String beforeQuery = query < 0 ? path : path.substring(0, query);
        if (beforeQuery.endsWith("/rendered") || beforeQuery.endsWith("/thumbnail")
                || (beforeQuery.contains("/wado") && query >= 0 && path.substring(query).contains("contenttype=image"))) {
            return RENDERED;
        }
        return RETRIEVE;
    }

    /** The value stored in the audit log. */
    public String code() {
        return code;
    }
}

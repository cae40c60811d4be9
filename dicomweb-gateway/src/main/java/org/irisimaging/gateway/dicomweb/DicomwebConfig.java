package org.irisimaging.gateway.dicomweb;

import io.smallrye.config.ConfigMapping;

/** The gateway's public DICOMweb settings ({@code iris.dicomweb.*}); reference in docs/configuration.md. */
@ConfigMapping(prefix = "iris.dicomweb")
public interface DicomwebConfig {

    /**
     * The DICOMweb base URL viewers use (e.g. {@code https://imaging.example.org}): BulkDataURIs
     * written into the stored metadata start with it. Required in production.
     */
    String publicUrl();

    /** The BulkDataURI of one attribute of one instance. */
    default String bulkDataUri(String study, String series, String instance, String tag) {
        String base = publicUrl().replaceAll("/+$", "");
        return base + "/studies/" + study + "/series/" + series + "/instances/" + instance + "/bulkdata/" + tag;
    }
}

package org.irisimaging.studyindex.site;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;

/**
 * The sending sources of each establishment ({@code iris.sites.<source>.*}); reference in
 * docs/configuration.md. A source is the calling AE title of a DIMSE association, or {@code STOW}
 * for instances stored through STOW-RS. A source without an entry produces studies of no
 * establishment: only their prescribers and the platform administrators see them.
 */
@ConfigMapping(prefix = "iris.sites")
public interface SitesConfig {

    /** The sources, by AE title (or {@code STOW}). */
    @WithParentName
    Map<String, Site> sources();

    interface Site {

        /**
         * {@code iris.sites.<source>.establishment}: the FINESS number of the establishment whose
         * studies this source sends (the producing establishment recorded on the study).
         */
        String establishment();
    }
}

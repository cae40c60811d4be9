package org.irisimaging.studyindex.site;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.studyindex.matching.SiteIdentity;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which establishment produced what a source sends: the {@code iris.sites.*} mapping, checked at
 * startup (a FINESS number is 9 characters: digits, or 2A/2B for Corsica in the department part).
 */
@ApplicationScoped
@Startup
public class Sites {

    private static final Pattern FINESS = Pattern.compile("(\\d{2}|2A|2B)\\d{7}");

    private final Map<String, String> establishments = new HashMap<>();

    Sites(SitesConfig config) {
        config.sources().forEach((source, site) -> {
            String establishment = site.establishment().strip();
            if (!FINESS.matcher(establishment).matches()) {
                throw new IllegalArgumentException("iris.sites." + source
                        + ".establishment is not a FINESS number (9 characters): " + establishment);
            }
            establishments.put(source.strip(), establishment);
        });
    }

    /**
     * The producing establishment of what {@code source} sends: a calling AE title, or
     * {@code STOW/<client id>} for a STOW-RS sender — mapped itself, else through {@code STOW}, the
     * mapping of every STOW-RS sender without its own.
     */
    public Optional<String> establishmentOf(String source) {
        String establishment = establishments.get(source);
        if (establishment == null && source.startsWith(SiteIdentity.STOW + "/")) {
            establishment = establishments.get(SiteIdentity.STOW);
        }
        return Optional.ofNullable(establishment);
    }
}

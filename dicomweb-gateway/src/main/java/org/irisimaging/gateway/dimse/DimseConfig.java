package org.irisimaging.gateway.dimse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The DIMSE SCP through which PACS push studies (C-ECHO, C-STORE). */
@ConfigMapping(prefix = "iris.dimse")
public interface DimseConfig {

    /**
     * {@code iris.dimse.enabled}: whether the gateway listens for DICOM associations at all.
     * Default {@code true}.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * {@code iris.dimse.ae-title}: the SCP's own (called) AE title, 1 to 16 characters, no backslash.
     * Associations addressed to another called AE title are rejected (A-ASSOCIATE-RJ, called AE
     * title not recognised). Default {@code IRIS}.
     */
    @WithDefault("IRIS")
    String aeTitle();

    /**
     * {@code iris.dimse.port}: the TCP port the SCP listens on, all interfaces; {@code 0} picks a
     * free port (tests; see {@link DimseServer#port()}). Default {@code 11112}.
     */
    @WithDefault("11112")
    int port();

    /**
     * {@code iris.dimse.allowed-calling-ae-titles}: the calling AE titles (the PACS) allowed to open
     * an association, comma-separated, matched exactly (AE titles are case-sensitive; surrounding
     * spaces are not significant). Any other calling AE title is rejected at association
     * (A-ASSOCIATE-RJ, calling AE title not recognised). Required, no default: every deployment
     * names its PACS (dev/test profiles e.g. {@code STORESCU,ECHOSCU,ORTHANC}).
     */
    List<String> allowedCallingAeTitles();
}

package org.irisimaging.gateway.dimse;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.jboss.logging.Logger;

/**
 * PixelMed 20220618 keeps every association thread waiting a fixed 5 s after sending A-RELEASE-RP
 * (or A-ABORT), whether or not the peer has closed the connection: its ARTIM,
 * {@code Association.associationReleaseToTransportConnectionCloseTimeoutInMilliseconds}, a private
 * static field with no setter. At 5 s, a PACS opening one association per instance would tie up
 * threads for nothing, so it is shortened here, once, by reflection; if the field is not there
 * (another PixelMed version) nothing happens but a debug line.
 */
final class PixelMedArtim {

    private static final Logger LOG = Logger.getLogger(PixelMedArtim.class);
    private static final String FIELD = "associationReleaseToTransportConnectionCloseTimeoutInMilliseconds";

    /** Still long enough for slow peers to read the last PDU before the connection closes. */
    static final int RELEASE_TO_CLOSE_MILLIS = 500;

    private static volatile boolean applied;

    private PixelMedArtim() {
    }

    /** Sets PixelMed's release-to-close wait to {@value #RELEASE_TO_CLOSE_MILLIS} ms; idempotent. */
    static synchronized void shorten() {
        if (applied) {
            return;
        }
        applied = true;
        try {
            Field f = com.pixelmed.network.Association.class.getDeclaredField(FIELD);
            if (!Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers()) || f.getType() != int.class) {
                LOG.debugf("PixelMed %s is not a mutable static int; ARTIM left as is", FIELD);
                return;
            }
            f.setAccessible(true);
            int previous = f.getInt(null);
            if (previous > RELEASE_TO_CLOSE_MILLIS) {
                f.setInt(null, RELEASE_TO_CLOSE_MILLIS);
                LOG.debugf("PixelMed release-to-close wait shortened from %d to %d ms", previous, RELEASE_TO_CLOSE_MILLIS);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("PixelMed ARTIM left as is: %s", e.toString());
        }
    }
}

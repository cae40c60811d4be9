package org.irisimaging.transcode.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What happens to received originals once their rendition is verified ({@code iris.retention.*}). */
@ConfigMapping(prefix = "iris.retention")
public interface RetentionConfig {

    /**
     * {@code remove-after-verification} (default): an original whose rendition passed verification
     * (lossless: every sample identical; lossy: every frame decodable) is removed, the rendition is
     * served in its place; {@code keep}: originals stay. Originals without a rendition (kept as
     * received, no pixel data) always stay.
     */
    @WithDefault("remove-after-verification")
    Originals originals();

    enum Originals {
        KEEP,
        REMOVE_AFTER_VERIFICATION
    }
}

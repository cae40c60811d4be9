package org.irisimaging.transcode.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What happens to received originals once their rendition is verified ({@code iris.retention.*}). */
@ConfigMapping(prefix = "iris.retention")
public interface RetentionConfig {

    /**
     * {@code keep} (default): originals stay, and a client asking for them uncompressed (the
     * WADO-RS default) gets them as fast as they are read; {@code remove-after-verification}: an
     * original whose rendition passed verification (lossless: every sample identical; lossy: every
     * frame decodable) is removed and the rendition served in its place — about 60 % less storage
     * on CT, but uncompressed retrievals are then decoded (about 25 ms per 512x512 slice). Originals
     * without a rendition (kept as received, no pixel data) always stay.
     */
    @WithDefault("keep")
    Originals originals();

    enum Originals {
        KEEP,
        REMOVE_AFTER_VERIFICATION
    }
}

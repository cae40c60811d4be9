package org.irisimaging.studyindex.qido;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** QIDO-RS settings ({@code iris.qido.*}); reference in docs/qido.md. */
@ConfigMapping(prefix = "iris.qido")
public interface QidoConfig {

    /** Largest {@code limit} a search accepts; a larger one is a 400. */
    @WithDefault("1000")
    int maxLimit();

    /**
     * Results of a search that gives no {@code limit}; when more match, the response says so with a
     * {@code Warning: 299} header (PS3.18 §8.3.4.4).
     */
    @WithDefault("100")
    int defaultLimit();
}

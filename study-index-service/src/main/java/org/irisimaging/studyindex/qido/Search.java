package org.irisimaging.studyindex.qido;

import org.irisimaging.studyindex.attributes.Level;

import java.util.EnumSet;
import java.util.Set;

/**
 * The six QIDO-RS search resources (PS3.18 §10.6, Table 10.6.1-2), each with the level it returns
 * and the levels whose default attributes it returns (PS3.18 §10.6.3.3: a search not scoped to a
 * study also returns the study's attributes; one not scoped to a series, the series').
 */
public enum Search {
    /** {@code /studies} */
    ALL_STUDIES(Level.STUDY, false, false, EnumSet.of(Level.STUDY)),
    /** {@code /studies/{study}/series} */
    STUDY_SERIES(Level.SERIES, true, false, EnumSet.of(Level.SERIES)),
    /** {@code /series} */
    ALL_SERIES(Level.SERIES, false, false, EnumSet.of(Level.STUDY, Level.SERIES)),
    /** {@code /studies/{study}/series/{series}/instances} */
    SERIES_INSTANCES(Level.INSTANCE, true, true, EnumSet.of(Level.INSTANCE)),
    /** {@code /studies/{study}/instances} */
    STUDY_INSTANCES(Level.INSTANCE, true, false, EnumSet.of(Level.SERIES, Level.INSTANCE)),
    /** {@code /instances} */
    ALL_INSTANCES(Level.INSTANCE, false, false, EnumSet.of(Level.STUDY, Level.SERIES, Level.INSTANCE));

    private final Level level;
    private final boolean studyInPath;
    private final boolean seriesInPath;
    private final Set<Level> returnedLevels;

    Search(Level level, boolean studyInPath, boolean seriesInPath, Set<Level> returnedLevels) {
        this.level = level;
        this.studyInPath = studyInPath;
        this.seriesInPath = seriesInPath;
        this.returnedLevels = returnedLevels;
    }

    /** The level of the entities returned. */
    public Level level() {
        return level;
    }

    public boolean studyInPath() {
        return studyInPath;
    }

    public boolean seriesInPath() {
        return seriesInPath;
    }

    /** The levels whose default attributes (and, with {@code includefield=all}, all attributes) are returned. */
    public Set<Level> returnedLevels() {
        return returnedLevels;
    }
}

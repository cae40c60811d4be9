package org.irisimaging.studyindex.attributes;

/**
 * Where the index keeps an attribute (PS3.4 C.6.1 Study Root information model). Patient-level
 * attributes are kept with the study: a study search returns them.
 */
public enum Level {
    /** Patient and study modules: {@code study.attributes}. */
    STUDY,
    /** Series and equipment modules: {@code series.attributes}. */
    SERIES,
    /** Everything else: the instance's whole data set, {@code instance.metadata}. */
    INSTANCE;

    /** Whether this level is {@code other} or above it (study above series above instance). */
    public boolean isAtOrAbove(Level other) {
        return ordinal() <= other.ordinal();
    }
}

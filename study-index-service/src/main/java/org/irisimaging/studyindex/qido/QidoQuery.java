package org.irisimaging.studyindex.qido;

import org.irisimaging.studyindex.access.SqlCondition;

import java.util.List;
import java.util.Set;

/**
 * A checked QIDO-RS search.
 *
 * @param search        which of the six search resources
 * @param studyUID      the study of the path, or null
 * @param seriesUID     the series of the path, or null
 * @param conditions    the matching keys' SQL conditions (universal matching adds none)
 * @param includedTags  tags to return besides the defaults: {@code includefield} values and matching keys
 * @param includeAll    {@code includefield=all}: every attribute kept at the returned levels
 * @param limit         how many results at most
 * @param offset        how many results to skip
 * @param limitGiven    whether the client gave the limit (else the response warns when results were left out)
 */
public record QidoQuery(Search search, String studyUID, String seriesUID, List<SqlCondition> conditions,
                        Set<String> includedTags, boolean includeAll, int limit, int offset, boolean limitGiven) {
}

package org.irisimaging.studyindex.jdbc;

import java.util.List;

/** An SQL statement with its JDBC parameters, in the order of its {@code ?} placeholders. */
public record SqlQuery(String sql, List<Object> params) {

    public SqlQuery {
        params = List.copyOf(params);
    }
}

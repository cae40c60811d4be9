package org.irisimaging.studyindex.access;

import java.util.List;

/**
 * A boolean SQL expression with its JDBC parameters, in the order of its {@code ?} placeholders.
 *
 * @param sql    the expression, e.g. {@code st.patient_id = ?}
 * @param params its parameter values
 */
public record SqlCondition(String sql, List<Object> params) {

    public static final SqlCondition TRUE = new SqlCondition("true", List.of());
    public static final SqlCondition FALSE = new SqlCondition("false", List.of());

    public SqlCondition {
        params = List.copyOf(params);
    }

    public static SqlCondition of(String sql, Object... params) {
        return new SqlCondition(sql, List.of(params));
    }
}

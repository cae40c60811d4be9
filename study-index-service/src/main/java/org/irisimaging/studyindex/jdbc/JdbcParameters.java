package org.irisimaging.studyindex.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;

/**
 * Binds Java values to the {@code ?} parameters of a statement: strings, numbers, {@code java.time}
 * values as themselves, collections of strings as {@code text[]}, null as SQL null.
 */
public final class JdbcParameters {

    private JdbcParameters() {
    }

    /** Binds {@code values} to the parameters of {@code statement}, from the first. */
    public static void bind(Connection connection, PreparedStatement statement, List<?> values) throws SQLException {
        bind(connection, statement, 1, values);
    }

    /** Binds {@code values} to the parameters of {@code statement}, from parameter {@code first} (1-based). */
    public static void bind(Connection connection, PreparedStatement statement, int first, List<?> values)
            throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(connection, statement, first + i, values.get(i));
        }
    }

    /** Binds one value to parameter {@code index} (1-based). */
    public static void bind(Connection connection, PreparedStatement statement, int index, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else if (value instanceof Collection<?> collection) {
            statement.setArray(index, connection.createArrayOf("text", collection.toArray()));
        } else if (value instanceof String[] array) {
            statement.setArray(index, connection.createArrayOf("text", array));
        } else {
            statement.setObject(index, value);
        }
    }
}

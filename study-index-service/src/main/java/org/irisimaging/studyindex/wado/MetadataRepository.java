package org.irisimaging.studyindex.wado;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.jdbc.JdbcParameters;
import org.irisimaging.studyindex.jdbc.SqlQuery;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Reads instances' stored DICOM JSON, as the text PostgreSQL sends for the jsonb column. */
@ApplicationScoped
public class MetadataRepository {

    /** Rows fetched per round trip while streaming: the database converts while the client receives. */
    private static final int FETCH_SIZE = 50;

    private final DataSource dataSource;

    MetadataRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A study's revision (changes with every registration that changes it), if the caller may see it. */
    OptionalLong revision(String study, SqlCondition access) throws SQLException {
        List<Object> params = new ArrayList<>(access.params());
        params.add(study);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select st.revision from study st where (" + access.sql()
                     + ") and st.study_instance_uid = ?")) {
            JdbcParameters.bind(c, s, params);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Whether the study has this series (and this instance in it, when {@code sop} is not null). */
    boolean exists(String study, String series, String sop, SqlCondition access) throws SQLException {
        SqlQuery query = metadataQuery(study, series, sop, access);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select exists (" + query.sql() + ")")) {
            JdbcParameters.bind(c, s, query.params());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Writes the JSON array of the metadata of a study's instances (of one series when
     * {@code series} is not null, of one instance when {@code sop} is not null too), in series
     * number then instance number order. Each instance's text is copied as the server sent it
     * (UTF-8), fetched {@value #FETCH_SIZE} rows at a time.
     */
    void write(String study, String series, String sop, SqlCondition access, OutputStream out)
            throws SQLException, IOException {
        SqlQuery query = metadataQuery(study, series, sop, access);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor: rows arrive while earlier ones are written
            try (PreparedStatement s = c.prepareStatement(query.sql())) {
                s.setFetchSize(FETCH_SIZE);
                JdbcParameters.bind(c, s, query.params());
                out.write('[');
                boolean first = true;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (!first) {
                            out.write(',');
                        }
                        out.write(rs.getBytes(2));
                        first = false;
                    }
                }
                out.write(']');
            } finally {
                c.rollback(); // read only
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The metadata statement: the study's revision and each instance's jsonb (converted to text by
     * the server as it sends it, after the sort), in series number then instance number order.
     */
    public static SqlQuery metadataQuery(String study, String series, String sop, SqlCondition access) {
        StringBuilder sql = new StringBuilder("""
                select st.revision, i.metadata
                  from study st
                  join instance i on i.study_id = st.id
                  join series se on se.id = i.series_id
                 where (""").append(access.sql()).append(") and st.study_instance_uid = ?");
        List<Object> params = new ArrayList<>(access.params());
        params.add(study);
        if (series != null) {
            sql.append(" and se.series_instance_uid = ?");
            params.add(series);
        }
        if (sop != null) {
            sql.append(" and i.sop_instance_uid = ?");
            params.add(sop);
        }
        sql.append(" order by se.series_number nulls last, se.id, i.instance_number nulls last, i.id");
        return new SqlQuery(sql.toString(), params);
    }
}

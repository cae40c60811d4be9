package org.irisimaging.studyindex.location;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.jdbc.JdbcParameters;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads instance locations, ordered by series number then instance number. */
@ApplicationScoped
class LocationRepository {

    private final DataSource dataSource;

    LocationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locations of a study's instances, of one series when {@code series} is not null, of one
     * instance when {@code sop} is not null too, if the study meets {@code access} (alias {@code st}).
     */
    List<InstanceLocation> find(String study, String series, String sop, SqlCondition access) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                select st.study_instance_uid, se.series_instance_uid, i.sop_instance_uid, i.sop_class_uid,
                       i.transfer_syntax_uid, i.blob_key, i.size_bytes, i.availability = 'AVAILABLE',
                       -- a rendition is what differs from the original (not "kept as received")
                       case when i.rendition_outcome in ('LOSSLESS', 'LOSSY') then i.rendition_transfer_syntax_uid end,
                       case when i.rendition_outcome in ('LOSSLESS', 'LOSSY') then i.rendition_blob_key end,
                       case when i.rendition_outcome in ('LOSSLESS', 'LOSSY') then i.rendition_size_bytes end,
                       i.original_removed_at is not null
                  from study st
                  join instance i on i.study_id = st.id
                  join series se on se.id = i.series_id
                 where st.study_instance_uid = ?
                """).append("   and (").append(access.sql()).append(")");
        List<Object> params = new ArrayList<>(List.of(study));
        params.addAll(access.params());
        if (series != null) {
            sql.append(" and se.series_instance_uid = ?");
            params.add(series);
        }
        if (sop != null) {
            sql.append(" and i.sop_instance_uid = ?");
            params.add(sop);
        }
        sql.append(" order by se.series_number nulls last, se.id, i.instance_number nulls last, i.id");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            JdbcParameters.bind(c, s, params);
            List<InstanceLocation> locations = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    locations.add(new InstanceLocation(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBoolean(8),
                            rs.getString(9), rs.getString(10), rs.getObject(11, Long.class), rs.getBoolean(12)));
                }
            }
            return locations;
        }
    }
}

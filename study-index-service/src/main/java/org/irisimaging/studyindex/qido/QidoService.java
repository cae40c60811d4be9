package org.irisimaging.studyindex.qido;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.studyindex.jdbc.JdbcParameters;
import org.irisimaging.studyindex.jdbc.SqlQuery;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs QIDO-RS searches: checks the query, runs its SQL (which builds each result's DICOM JSON) and
 * writes the results as a DICOM JSON array.
 */
@ApplicationScoped
public class QidoService {

    private final DataSource dataSource;
    private final QidoQueryParser parser;
    private final StudyAccess access;

    QidoService(DataSource dataSource, QidoQueryParser parser, StudyAccess access) {
        this.dataSource = dataSource;
        this.parser = parser;
        this.access = access;
    }

    /**
     * @param body      the DICOM JSON array of the results (PS3.18 Annex F)
     * @param truncated whether more results matched than returned although the client gave no limit
     * @param studies   the studies the results belong to, each once, in result order
     */
    public record Result(byte[] body, boolean truncated, Set<String> studies) {
    }

    public Result search(Search search, String studyUID, String seriesUID, Map<String, List<String>> parameters,
                         SecurityIdentity caller) throws SQLException {
        QidoQuery query = parser.parse(search, studyUID, seriesUID, parameters);
        SqlQuery sql = QidoSql.build(query, access.visibleStudies(caller, "st"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        body.write('[');
        int count = 0;
        boolean more = false;
        Set<String> studies = new LinkedHashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.sql())) {
            JdbcParameters.bind(c, s, sql.params());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (count == query.limit()) {
                        more = true;
                        break;
                    }
                    if (count++ > 0) {
                        body.write(',');
                    }
                    body.writeBytes(rs.getBytes(1)); // UTF-8 text as the server sent it
                    studies.add(rs.getString(2));
                }
            }
        }
        body.write(']');
        return new Result(body.toByteArray(), more && !query.limitGiven(), studies);
    }
}

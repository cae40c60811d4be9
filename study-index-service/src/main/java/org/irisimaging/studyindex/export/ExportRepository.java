package org.irisimaging.studyindex.export;

import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.events.ExportReady;
import org.irisimaging.events.ExportRequested;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.jdbc.JdbcParameters;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code export_job} table and what an export packages. */
@ApplicationScoped
class ExportRepository {

    private final DataSource dataSource;

    ExportRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The instances of a study an export takes, when the study meets {@code access} (alias {@code st}). */
    record Selected(long studyId, String studyDate, List<SelectedInstance> instances) {
    }

    record SelectedInstance(String seriesInstanceUID, String sopInstanceUID, String blobKey, long sizeBytes) {
        ExportRequested.Instance asEvent() {
            return new ExportRequested.Instance(seriesInstanceUID, sopInstanceUID, blobKey, sizeBytes);
        }
    }

    /**
     * The instances of {@code study} in series then instance order — all of them, or those of the
     * listed series and the listed instances — each with the blob to package: its rendition when it
     * has one (a complete Part 10 file), else the original. Empty when the caller may not see it.
     */
    Selected select(Connection c, String study, List<String> series, List<String> sops, SqlCondition access)
            throws SQLException {
        StringBuilder sql = new StringBuilder("""
                select st.id, st.study_date, se.series_instance_uid, i.sop_instance_uid,
                       case when i.rendition_outcome in ('LOSSLESS', 'LOSSY') then i.rendition_blob_key
                            else i.blob_key end,
                       case when i.rendition_outcome in ('LOSSLESS', 'LOSSY') then i.rendition_size_bytes
                            else i.size_bytes end
                  from study st
                  join instance i on i.study_id = st.id
                  join series se on se.id = i.series_id
                 where st.study_instance_uid = ?
                """).append("   and (").append(access.sql()).append(")");
        List<Object> params = new ArrayList<>(List.of(study));
        params.addAll(access.params());
        if (!series.isEmpty() || !sops.isEmpty()) {
            sql.append(" and (se.series_instance_uid = any(?) or i.sop_instance_uid = any(?))");
            params.add(series);
            params.add(sops);
        }
        sql.append(" order by se.series_number nulls last, se.id, i.instance_number nulls last, i.id");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            JdbcParameters.bind(c, s, params);
            long studyId = 0;
            String studyDate = null;
            List<SelectedInstance> instances = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    studyId = rs.getLong(1);
                    Date date = rs.getDate(2);
                    studyDate = date == null ? null : date.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
                    instances.add(new SelectedInstance(rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
                }
            }
            return new Selected(studyId, studyDate, instances);
        }
    }

    /** Writes a new job (status REQUESTED) on {@code c}, in the caller's transaction. */
    void insert(Connection c, ExportRequested event, long studyId, List<String> series, List<String> sops)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into export_job (id, requester, requester_email, locale, study_id, study_instance_uid,
                                        series_instance_uids, sop_instance_uids, instance_count, requested_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            JdbcParameters.bind(c, s, Arrays.asList(UUID.fromString(event.jobId()), event.requesterSubject(),
                    event.requesterEmail(), event.locale(), studyId, event.studyInstanceUID(),
                    series.isEmpty() ? null : series, sops.isEmpty() ? null : sops, event.instances().size(),
                    Timestamp.from(event.requestedAt())));
            s.executeUpdate();
        }
    }

    /** The job {@code id} if {@code requester} asked for it; anyone else's is absent. */
    Optional<ExportJob> find(UUID id, String requester) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select id, status, study_instance_uid, instance_count, requested_at, completed_at, expires_at,
                       size_bytes, failure_reason, requester, blob_key
                  from export_job
                 where id = ? and requester = ?
                """)) {
            s.setObject(1, id);
            s.setString(2, requester);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(job(rs));
            }
        }
    }

    /** A page of {@code requester}'s jobs, newest first, with how many they have in all. */
    record Listed(long total, List<ExportJob> jobs) {
    }

    /** {@code requester}'s jobs, newest first (index {@code export_job_requester_idx}); nobody else's. */
    Listed list(String requester, int limit, int offset) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select id, status, study_instance_uid, instance_count, requested_at, completed_at, expires_at,
                       size_bytes, failure_reason, requester, blob_key, count(*) over () as total
                  from export_job
                 where requester = ?
                 order by requested_at desc, id desc
                 limit ? offset ?
                """)) {
            s.setString(1, requester);
            s.setInt(2, limit);
            s.setInt(3, offset);
            List<ExportJob> jobs = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                    total = rs.getLong(12);
                }
            }
            if (jobs.isEmpty() && offset > 0) {
                try (PreparedStatement count = c.prepareStatement("select count(*) from export_job where requester = ?")) {
                    count.setString(1, requester);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
            }
            return new Listed(total, jobs);
        }
    }

    /**
     * Applies the worker's outcome to a job still REQUESTED. A redelivered event, or a second outcome
     * for the same job, changes nothing: the first one applied wins.
     *
     * @return whether the job changed
     */
    boolean complete(UUID id, ExportReady outcome, String eventId) throws SQLException {
        boolean ready = outcome.outcome() == ExportReady.Outcome.READY;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                update export_job
                   set status = ?, blob_key = ?, size_bytes = ?, packaged_count = ?, failure_reason = ?,
                       completed_at = ?, expires_at = ?, outcome_event_id = ?
                 where id = ? and status = 'REQUESTED'
                """)) {
            JdbcParameters.bind(c, s, Arrays.asList(outcome.outcome().name(), ready ? outcome.blobKey() : null,
                    ready ? outcome.sizeBytes() : null, ready ? outcome.instanceCount() : null,
                    ready ? null : outcome.failureReason(), Timestamp.from(outcome.completedAt()),
                    ready ? Timestamp.from(outcome.expiresAt()) : null, eventId, id));
            return s.executeUpdate() == 1;
        }
    }

    /** A job from the columns id, status, ..., requester, blob_key (1 to 11) of {@link #find}. */
    private static ExportJob job(ResultSet rs) throws SQLException {
        return new ExportJob(rs.getObject(1, UUID.class), ExportStatus.valueOf(rs.getString(2)), rs.getString(3),
                rs.getInt(4), instant(rs, 5), instant(rs, 6), instant(rs, 7), rs.getObject(8, Long.class),
                rs.getString(9), null, rs.getString(10), rs.getString(11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

package org.irisimaging.studyindex.availability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.events.InstanceRendered;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Applies {@code instance.rendered}: the instance is AVAILABLE and served from the rendition's blob;
 * its study becomes AVAILABLE when no instance of it is still waiting. Idempotent (applying the same
 * event twice changes nothing more), and an event about a version of the instance since replaced
 * (another SHA-256) is ignored: the replacement has its own rendition coming.
 */
@ApplicationScoped
public class Renditions {

    private static final Logger LOG = Logger.getLogger(Renditions.class);

    private final DataSource dataSource;

    Renditions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return whether the event applied to the current version of the instance */
    @Transactional(rollbackOn = Exception.class)
    public boolean apply(InstanceRendered event) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Long study = lockStudyOf(c, event);
            if (study == null) {
                LOG.debugf("instance.rendered for %s ignored: unknown or replaced since", event.sopInstanceUID());
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("""
                    update instance
                       set availability = 'AVAILABLE', rendition_outcome = ?, rendition_blob_key = ?,
                           rendition_transfer_syntax_uid = ?, rendition_size_bytes = ?, rendition_note = ?,
                           rendered_at = ?, updated_at = now()
                     where sop_instance_uid = ? and sha256 = ?
                    """)) {
                s.setString(1, event.outcome().name());
                s.setString(2, event.blobKey());
                s.setString(3, event.transferSyntaxUID());
                s.setLong(4, event.sizeBytes());
                s.setString(5, event.note());
                s.setTimestamp(6, Timestamp.from(event.renderedAt()));
                s.setString(7, event.sopInstanceUID());
                s.setString(8, event.originalSha256());
                s.executeUpdate();
            }
            // Under the study's row lock, taken first: concurrent renditions of one study each see
            // the others' committed updates, so the last one marks the study.
            try (PreparedStatement s = c.prepareStatement("""
                    update study st
                       set availability = case when exists (select 1 from instance i
                                                             where i.study_id = st.id and i.availability = 'RECEIVED')
                                               then 'RECEIVED' else 'AVAILABLE' end
                     where st.id = ?
                    """)) {
                s.setLong(1, study);
                s.executeUpdate();
            }
            return true;
        }
    }

    /** Locks the study of the instance's current version; {@code null} when there is none. */
    private static Long lockStudyOf(Connection c, InstanceRendered event) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select st.id
                  from instance i
                  join study st on st.id = i.study_id
                 where i.sop_instance_uid = ? and i.sha256 = ?
                   for update of st
                """)) {
            s.setString(1, event.sopInstanceUID());
            s.setString(2, event.originalSha256());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}

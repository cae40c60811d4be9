package org.irisimaging.studyindex.availability;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.events.OriginalRemoved;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.CompletionStage;

/**
 * Records that an instance's original was removed (its verified rendition stands for it), so the
 * locations given to the gateway say so and it serves the rendition. Only the version whose
 * SHA-256 the event names is marked: an instance re-sent since keeps its new original. Applying an
 * event twice changes nothing.
 */
@ApplicationScoped
public class OriginalRemovals {

    private static final Logger LOG = Logger.getLogger(OriginalRemovals.class);

    private final DataSource dataSource;

    OriginalRemovals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Incoming(Topics.ORIGINAL_REMOVED)
    @Blocking
    public CompletionStage<Void> consume(Message<OriginalRemoved> message) {
        OriginalRemoved event = message.getPayload();
        if (event == null || event.sopInstanceUID() == null || event.originalSha256() == null
                || event.removedAt() == null) {
            return message.nack(new IllegalArgumentException("Undecodable or incomplete OriginalRemoved payload"));
        }
        try {
            apply(event);
            return message.ack();
        } catch (SQLException e) {
            return message.nack(e);
        }
    }

    /** @return whether the event applied to the current version of the instance */
    public boolean apply(OriginalRemoved event) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     update instance set original_removed_at = coalesce(original_removed_at, ?), updated_at = now()
                      where sop_instance_uid = ? and sha256 = ?
                     """)) {
            s.setTimestamp(1, Timestamp.from(event.removedAt()));
            s.setString(2, event.sopInstanceUID());
            s.setString(3, event.originalSha256());
            boolean applied = s.executeUpdate() == 1;
            if (!applied) {
                LOG.debugf("%s for %s ignored: unknown or re-sent since", Topics.ORIGINAL_REMOVED, event.sopInstanceUID());
            }
            return applied;
        }
    }
}

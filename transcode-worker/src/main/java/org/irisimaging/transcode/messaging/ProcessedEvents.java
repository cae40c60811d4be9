package org.irisimaging.transcode.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which events the worker has already handled: the idempotence of its consumers (renditions,
 * exports), one table {@code processed_event} for all (CloudEvents ids are unique across topics).
 */
@ApplicationScoped
public class ProcessedEvents {

    private final DataSource dataSource;

    ProcessedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean contains(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from processed_event where event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void record(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "insert into processed_event (event_id) values (?) on conflict (event_id) do nothing")) {
            s.setString(1, eventId);
            s.executeUpdate();
        }
    }
}

package org.irisimaging.studyindex.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.irisimaging.studyindex.jdbc.JdbcParameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: {@link #append} writes an event in the caller's transaction, so the
 * event exists if and only if the change it announces was committed. {@link OutboxRelay} publishes
 * it to Kafka after the commit (woken at once, and by its periodic sweep after a crash).
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    Outbox(ObjectMapper json, TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.json = json;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** The columns of an event's row, for a caller that inserts it in a statement of its own (see {@link Event#values}). */
    public static final String COLUMNS = "event_id, topic, message_key, type, payload";
    /** The values of {@link #COLUMNS}, bound from {@link Event#values}. */
    public static final String ROW = "?, ?, ?, ?, ?::jsonb";

    /** An event's row: {@code payload} as JSON for {@code topic}, with Kafka key {@code key} and CloudEvents type {@code type}. */
    public record Event(UUID id, String topic, String key, String type, String payload) {

        /** The values of {@link #COLUMNS}, in order. */
        public List<Object> values() {
            return List.of(id, topic, key, type, payload);
        }
    }

    /** The row of an event announcing {@code payload} (serialised as JSON). */
    public Event event(String topic, String key, String type, Object payload) {
        try {
            return new Event(UUID.randomUUID(), topic, key, type, json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload cannot be serialised: " + payload.getClass(), e);
        }
    }

    /**
     * Writes {@code payload} (serialised as JSON) for {@code topic} with Kafka key {@code key} and
     * CloudEvents type {@code type}, on {@code connection}, inside the current JTA transaction.
     */
    public void append(Connection connection, String topic, String key, String type, Object payload)
            throws SQLException {
        Event event = event(topic, key, type, payload);
        try (PreparedStatement s = connection.prepareStatement(
                "insert into outbox_event (" + COLUMNS + ") values (" + ROW + ")")) {
            JdbcParameters.bind(connection, s, event.values());
            s.executeUpdate();
        }
        relayAfterCommit();
    }

    /**
     * Has the relay publish at once what the current JTA transaction appended, once it commits
     * (for a caller that inserted its {@link Event} itself).
     */
    public void relayAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}

package org.irisimaging.studyindex.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    /**
     * Writes {@code payload} (serialised as JSON) for {@code topic} with Kafka key {@code key} and
     * CloudEvents type {@code type}, on {@code connection}, inside the current JTA transaction.
     */
    public void append(Connection connection, String topic, String key, String type, Object payload)
            throws SQLException {
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload cannot be serialised: " + payload.getClass(), e);
        }
        try (PreparedStatement s = connection.prepareStatement(
                "insert into outbox_event (event_id, topic, message_key, type, payload) values (?, ?, ?, ?, ?::jsonb)")) {
            s.setObject(1, UUID.randomUUID());
            s.setString(2, topic);
            s.setString(3, key);
            s.setString(4, type);
            s.setString(5, body);
            s.executeUpdate();
        }
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

package org.irisimaging.studyindex.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.events.Topics;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the outbox's events to Kafka: one background thread takes a batch of rows (locked with
 * {@code skip locked}, so replicas share the work), sends them, waits for the broker's
 * acknowledgements ({@code acks=all}) and deletes them in the same transaction. Delivery is at least
 * once: a crash between the acknowledgement and the commit sends the batch again, with the same
 * CloudEvents ids, which consumers deduplicate. While the broker is unavailable the rows wait and
 * the relay retries with exponential backoff; nothing is lost.
 *
 * <p>Events of one key keep their order within a replica (rows in id order, one idempotent
 * producer). Two replicas relaying at once may interleave batches of the same key; the events
 * relayed today ({@code instance.received}, {@code export.requested}) are about distinct instances
 * or jobs and do not depend on it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Emitter<String>> emitters;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Counter relayed;
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(DataSource dataSource, OutboxConfig config, MeterRegistry metrics,
                @Channel(Topics.INSTANCE_RECEIVED) Emitter<String> instanceReceived,
                @Channel(Topics.EXPORT_REQUESTED) Emitter<String> exportRequested) {
        this.dataSource = dataSource;
        this.config = config;
        this.emitters = Map.of(Topics.INSTANCE_RECEIVED, instanceReceived, Topics.EXPORT_REQUESTED, exportRequested);
        this.relayed = Counter.builder("iris.outbox.relayed")
                .description("Events published from the transactional outbox")
                .register(metrics);
        Gauge.builder("iris.outbox.pending", this, OutboxRelay::pending)
                .description("Events written but not yet acknowledged by Kafka")
                .register(metrics);
    }

    /** Asks the relay to run now (called after a transaction that appended events commits). */
    void wakeUp() {
        wakeUps.release();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(config.sendTimeout().toMillis());
        }
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try {
                wakeUps.tryAcquire(config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                while (running && relayBatch() == config.batchSize()) {
                    // a full batch: more may be waiting
                }
                backoff = MIN_BACKOFF;
                // Commits arriving meanwhile only add permits: the next pass takes them as one batch.
                Thread.sleep(config.batchWindow().toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay failed, retrying in %d ms: %s", backoff.toMillis(), e.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0
                        ? config.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    /** Relays one batch in one transaction; returns how many events it published. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<Row> rows = lockBatch(c);
                if (rows.isEmpty()) {
                    return 0;
                }
                List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    Emitter<String> emitter = emitters.get(row.topic);
                    if (emitter == null) {
                        throw new IllegalStateException("no channel for outbox topic " + row.topic);
                    }
                    acks.add(CloudEventSender.send(emitter, row.payload, row.key, row.type, row.eventId));
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                delete(c, rows);
                relayed.increment(rows.size());
                return rows.size();
            }
        });
    }

    private record Row(long id, String eventId, String topic, String key, String type, String payload) {
    }

    private List<Row> lockBatch(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select id, event_id::text, topic, message_key, type, payload::text
                  from outbox_event
                 order by id
                 limit ?
                   for update skip locked
                """)) {
            s.setInt(1, config.batchSize());
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return rows;
        }
    }

    private static void delete(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from outbox_event where id = any(?)")) {
            s.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray()));
            s.executeUpdate();
        }
    }

    private double pending() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from outbox_event");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}

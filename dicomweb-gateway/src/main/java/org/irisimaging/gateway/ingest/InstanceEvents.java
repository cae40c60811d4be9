package org.irisimaging.gateway.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.irisimaging.baseline.messaging.CloudEventSender;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.InstanceReceived;
import org.irisimaging.events.Topics;

/**
 * Publishes {@link InstanceReceived} to {@value Topics#INSTANCE_RECEIVED}, keyed by Study Instance
 * UID (one study's events stay in order), in a CloudEvents envelope, and waits for the broker's
 * acknowledgement ({@code acks=all}, idempotent producer: see application.properties).
 */
@ApplicationScoped
public class InstanceEvents {

    private final Emitter<InstanceReceived> emitter;
    private final Duration timeout;

    public InstanceEvents(@Channel(Topics.INSTANCE_RECEIVED) Emitter<InstanceReceived> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.timeout = config.publishTimeout();
    }

    /** Thrown when the broker did not acknowledge the event in time, or refused it. */
    public static final class PublishException extends Exception {
        private static final long serialVersionUID = 1L;

        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends {@code event} and returns once the broker has acknowledged it.
     *
     * @throws PublishException if it was refused or not acknowledged within {@code iris.ingest.publish-timeout}
     */
    public void publish(InstanceReceived event) throws PublishException {
        try {
            CloudEventSender.send(emitter, event, event.studyInstanceUID(), EventTypes.INSTANCE_RECEIVED)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PublishException("no acknowledgement from Kafka within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new PublishException("Kafka refused the event: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        }
    }
}

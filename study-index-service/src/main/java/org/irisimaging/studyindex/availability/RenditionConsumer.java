package org.irisimaging.studyindex.availability;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.irisimaging.events.InstanceRendered;
import org.irisimaging.events.Topics;

import java.util.concurrent.CompletionStage;

/**
 * Consumes transcode-worker's {@code instance.rendered} into the index (availability). Applying an
 * event is idempotent by nature, so redeliveries need no bookkeeping; a message that cannot be
 * applied goes to {@code instance.rendered.dlq}.
 */
@ApplicationScoped
public class RenditionConsumer {

    private final Renditions renditions;

    RenditionConsumer(Renditions renditions) {
        this.renditions = renditions;
    }

    @Incoming(Topics.INSTANCE_RENDERED)
    @Blocking
    public CompletionStage<Void> consume(Message<InstanceRendered> message) {
        InstanceRendered event = message.getPayload();
        if (event == null || event.sopInstanceUID() == null || event.originalSha256() == null
                || event.outcome() == null || event.blobKey() == null || event.renderedAt() == null) {
            return message.nack(new IllegalArgumentException("Undecodable or incomplete InstanceRendered payload"));
        }
        try {
            renditions.apply(event);
            return message.ack();
        } catch (Exception e) {
            return message.nack(e);
        }
    }
}

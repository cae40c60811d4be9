package org.irisimaging.notification.inbox;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The caller's in-app inbox. A notification of someone else answers 404. */
@Path("/api/notifications")
@Tag(name = "Inbox")
@Authenticated
public class InboxResource {

    private final JsonWebToken caller;
    private final InboxConfig config;

    InboxResource(JsonWebToken caller, InboxConfig config) {
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's latest notifications, newest first")
    public List<NotificationView> listNotifications() {
        return Notification.<Notification>find("recipient = :me", Sort.descending("createdAt"),
                        Parameters.with("me", caller.getSubject()))
                .page(Page.ofSize(config.pageSize())).list()
                .stream().map(NotificationView::of).toList();
    }

    @POST
    @Path("/{id}/read")
    @Transactional
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark one of the caller's notifications as read")
    public NotificationView markRead(@PathParam("id") UUID id) {
        Notification notification = Notification.<Notification>find("id = :id and recipient = :me",
                        Parameters.with("id", id).and("me", caller.getSubject()))
                .firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("No such notification"));
        if (notification.readAt == null) {
            notification.readAt = Instant.now();
        }
        return NotificationView.of(notification);
    }

    /** A notification as served by the API. */
    public record NotificationView(UUID id, Instant createdAt, String kind, String title, String body, String link,
                                   boolean read) {
        static NotificationView of(Notification n) {
            return new NotificationView(n.id, n.createdAt, n.kind, n.title, n.body, n.link, n.readAt != null);
        }
    }
}

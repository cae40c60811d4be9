package org.irisimaging.notification.inbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An in-app notification in one recipient's inbox. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Token subject of the recipient. */
    @Column(nullable = false)
    public String recipient;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String body;

    public String link;

    @Column(name = "read_at")
    public Instant readAt;
}

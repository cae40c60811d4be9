package org.irisimaging.studyindex.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of the audit log. Append-only. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    public String eventId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false, insertable = false, updatable = false)
    public Instant recordedAt;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String outcome;

    public String actor;

    @Column(name = "client_id")
    public String clientId;

    public String method;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "remote_address")
    public String remoteAddress;
}

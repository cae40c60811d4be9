package org.irisimaging.studyindex.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * One line of the audit log as the API serves it: a sign-in or a data access.
 *
 * @param id                the line's number (for {@code /api/audit/events/{id}})
 * @param occurredAt        when it happened (the first time, for folded repeats)
 * @param lastOccurredAt    the last repeat folded into this line; null when none
 * @param repeatCount       how many identical accesses this line stands for
 * @param action            sign-in, query, metadata, retrieve, rendered, export, download,
 *                          registration-refused, patient-reassigned, referral-removed
 * @param outcome           SUCCEEDED or FAILED
 * @param actor             the token subject; null when unknown
 * @param clientId          the OIDC client
 * @param method            for sign-ins, the authentication method
 * @param failureReason     for failed sign-ins, why
 * @param remoteAddress     the caller's address
 * @param endpoint          for data accesses, the endpoint used
 * @param studyInstanceUID  the study read; null for sign-ins and empty searches
 * @param patientId         the study's PatientID when it was read
 * @param issuerOfPatientId the study's IssuerOfPatientID when it was read
 * @param detail            for a study's administrative change or refused registration, what and why
 */
public record AuditRecord(long id, Instant occurredAt, Instant lastOccurredAt, int repeatCount, String action,
                          String outcome, String actor, String clientId, String method, String failureReason,
                          String remoteAddress, String endpoint, String studyInstanceUID, String patientId,
                          String issuerOfPatientId, String detail) {

    /** The columns {@link #of} reads, for a select over {@code audit_event ae}. */
    static final String COLUMNS = """
            ae.id, ae.occurred_at, ae.last_occurred_at, ae.repeat_count, ae.action, ae.outcome, ae.actor,
            ae.client_id, ae.method, ae.failure_reason, ae.remote_address, ae.endpoint, ae.study_instance_uid,
            ae.patient_id, ae.issuer_of_patient_id, ae.detail""";

    static AuditRecord of(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)), rs.getInt(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16));
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(outcome);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

package org.irisimaging.studyindex.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;

import java.time.Instant;
import java.util.List;

/** The audit log, for platform administrators. */
@Path("/api/audit")
@Tag(name = "Audit")
@RolesAllowed("platform-admin")
public class AuditResource {

    private final AuditLog auditLog;
    private final AuditConfig config;

    AuditResource(AuditLog auditLog, AuditConfig config) {
        this.auditLog = auditLog;
        this.config = config;
    }

    @GET
    @Path("/sign-ins")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latest sign-ins (successful and failed), newest first")
    public List<SignInView> listSignIns(@QueryParam("subject") String subject,
                                        @QueryParam("limit") @DefaultValue("100") @Min(1) int limit) {
        if (limit > config.maxListSize()) {
            throw ProblemException.badRequest("limit must be at most " + config.maxListSize());
        }
        return auditLog.signIns(subject, limit).stream().map(SignInView::of).toList();
    }

    @GET
    @Path("/sign-outs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latest sign-outs (logouts, sessions signed out from the account screen), newest first")
    public List<SignInView> listSignOuts(@QueryParam("subject") String subject,
                                         @QueryParam("limit") @DefaultValue("100") @Min(1) int limit) {
        if (limit > config.maxListSize()) {
            throw ProblemException.badRequest("limit must be at most " + config.maxListSize());
        }
        return auditLog.signOuts(subject, limit).stream().map(SignInView::of).toList();
    }

    /** One sign-in (or sign-out: method says how, clientId the session's applications) as served by the API. */
    public record SignInView(String eventId, Instant occurredAt, String subject, String clientId, String method,
                             String outcome, String failureReason, String remoteAddress) {
        static SignInView of(AuditEvent e) {
            return new SignInView(e.eventId, e.occurredAt, e.actor, e.clientId, e.method, e.outcome,
                    e.failureReason, e.remoteAddress);
        }
    }
}

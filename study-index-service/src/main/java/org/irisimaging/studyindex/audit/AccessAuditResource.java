package org.irisimaging.studyindex.audit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.dicom.Uids;

import java.sql.SQLException;
import java.util.List;

/**
 * Who accessed a study, or a patient's studies: for administrators, limited to the studies they may
 * see (a site administrator, their establishments'; a platform administrator, all). Served as Iris
 * JSON, as a FHIR R4 Bundle of AuditEvent ({@code Accept: application/fhir+json}), and one line as a
 * DICOM audit message ({@code Accept: application/xml}, PS3.15 A.5). docs/security.md.
 */
@Path("/api/audit")
@Tag(name = "Audit")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.SITE_ADMIN})
public class AccessAuditResource {

    private final DataAccessLog log;
    private final AuditConfig config;
    private final StudyAccess access;
    private final SecurityIdentity caller;

    AccessAuditResource(DataAccessLog log, AuditConfig config, StudyAccess access, SecurityIdentity caller) {
        this.log = log;
        this.config = config;
        this.access = access;
        this.caller = caller;
    }

    @GET
    @Path("/accesses")
    @Produces({MediaType.APPLICATION_JSON, FhirAuditEvents.MEDIA_TYPE})
    @Operation(summary = "Accesses to a study (study=) or to a patient's studies (patientId=, issuerOfPatientId=), newest first")
    public Response listAccesses(@QueryParam("study") String study, @QueryParam("patientId") String patientId,
                                 @QueryParam("issuerOfPatientId") String issuer,
                                 @QueryParam("limit") @DefaultValue("100") @Min(1) int limit,
                                 @HeaderParam("Accept") String accept) throws SQLException {
        if (limit > config.maxListSize()) {
            throw ProblemException.badRequest("limit must be at most " + config.maxListSize());
        }
        if ((study == null) == (patientId == null)) {
            throw ProblemException.badRequest("give either study or patientId");
        }
        if (study != null && !Uids.isValidStrict(study)) {
            throw ProblemException.badRequest("study is not a valid UID");
        }
        SqlCondition visible = access.visibleStudies(caller, "st");
        List<AuditRecord> records = study != null
                ? log.ofStudy(study, visible, limit)
                : log.ofPatient(patientId, issuer, visible, limit);
        if (wantsFhir(accept)) {
            return Response.ok(FhirAuditEvents.bundle(records, config.sourceId()).toString(),
                    FhirAuditEvents.MEDIA_TYPE).build();
        }
        return Response.ok(records, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/events/{id}")
    @Produces({MediaType.APPLICATION_JSON, FhirAuditEvents.MEDIA_TYPE, MediaType.APPLICATION_XML})
    @Operation(summary = "One audit line: Iris JSON, FHIR AuditEvent, or DICOM audit message (application/xml)")
    public Response event(@PathParam("id") long id, @HeaderParam("Accept") String accept)
            throws SQLException {
        AuditRecord record = log.find(id, access.visibleStudies(caller, "st"))
                .orElseThrow(() -> ProblemException.notFound("no such audit event"));
        if (wantsFhir(accept)) {
            return Response.ok(FhirAuditEvents.of(record, config.sourceId()).toString(),
                    FhirAuditEvents.MEDIA_TYPE).build();
        }
        if (accept != null && accept.contains(MediaType.APPLICATION_XML) && !accept.contains(MediaType.APPLICATION_JSON)) {
            return Response.ok(DicomAuditMessages.of(record, config.sourceId()), MediaType.APPLICATION_XML).build();
        }
        return Response.ok(record, MediaType.APPLICATION_JSON).build();
    }

    private static boolean wantsFhir(String accept) {
        return accept != null && accept.contains(FhirAuditEvents.MEDIA_TYPE);
    }
}

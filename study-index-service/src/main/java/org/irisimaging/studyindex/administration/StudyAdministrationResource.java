package org.irisimaging.studyindex.administration;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.Uids;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.audit.RequestChannel;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A study's ownership and its administrative corrections (ADR 0018), for platform administrators:
 * what registration refuses to change — the study's patient, its prescribers — changed on purpose,
 * with a reason, and audited.
 */
@Path("/api/admin/studies/{study}")
@Tag(name = "Administration")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class StudyAdministrationResource {

    /** LO (PS3.5): up to 64 characters, no backslash, no control character. */
    private static final Pattern LONG_STRING = Pattern.compile("[^\\\\\\p{Cntrl}]{1,64}");
    /** An idNat_PS as the study keeps it (a Code Value, SH: up to 16 characters). */
    private static final Pattern ID_NAT_PS = Pattern.compile("[\\x21-\\x5B\\x5D-\\x7E]{1,16}");
    private static final int MAX_REASON = 1000;

    private final StudyAdministration administration;
    private final RequestChannel channel;
    private final SecurityIdentity identity;

    StudyAdministrationResource(StudyAdministration administration, RequestChannel channel,
                                SecurityIdentity identity) {
        this.administration = administration;
        this.channel = channel;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The study's source, patient and prescribers")
    public StudyOwnership ownership(@PathParam("study") String study) throws SQLException {
        return administration.ownership(checkedUid(study))
                .orElseThrow(() -> ProblemException.notFound("no such study"));
    }

    @PUT
    @Path("/patient")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-assign the study to another patient of its source (audited)")
    public StudyOwnership reassignPatient(@PathParam("study") String study, PatientReassignment change)
            throws SQLException {
        String uid = checkedUid(study);
        if (change == null || change.patientId() == null || !LONG_STRING.matcher(change.patientId()).matches()
                || change.patientId().isBlank()) {
            throw ProblemException.badRequest("patientId must be a Patient ID (1 to 64 characters, no backslash)");
        }
        String issuer = change.issuerOfPatientId() == null || change.issuerOfPatientId().isEmpty() ? null
                : change.issuerOfPatientId();
        if (issuer != null && !LONG_STRING.matcher(issuer).matches()) {
            throw ProblemException.badRequest("issuerOfPatientId must have 1 to 64 characters, no backslash");
        }
        return administration.reassignPatient(uid, change.patientId(), issuer, checkedReason(change.reason()),
                Caller.of(identity).subject(), channel.current());
    }

    @POST
    @Path("/referral-removals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take a prescriber off the study, for good (audited)")
    public StudyOwnership removeReferral(@PathParam("study") String study, ReferralRemoval removal)
            throws SQLException {
        String uid = checkedUid(study);
        if (removal == null || removal.idNatPs() == null || !ID_NAT_PS.matcher(removal.idNatPs()).matches()) {
            throw ProblemException.badRequest("idNatPs must be a practitioner identifier (1 to 16 characters)");
        }
        return administration.removeReferral(uid, removal.idNatPs(), checkedReason(removal.reason()),
                Caller.of(identity).subject(), channel.current());
    }

    private static String checkedUid(String study) {
        if (!Uids.isValidStrict(study)) {
            throw ProblemException.badRequest("study is not a valid UID");
        }
        return study;
    }

    private static String checkedReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON
                || reason.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t')) {
            throw ProblemException.badRequest("reason is required: 1 to " + MAX_REASON + " characters");
        }
        return reason.strip();
    }
}

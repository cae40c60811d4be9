package org.irisimaging.studyindex.mypatients;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;

import java.sql.SQLException;

/**
 * My patients (Telemis' "Mes patients"): the prescriber's (prescripteur's) list — one line per
 * patient with at least one study the caller is the referring physician of, the latest first,
 * with read/unread (a study is read once the caller opened it: retrieved its metadata).
 */
@Path("/api/my-patients")
@Tag(name = "My patients")
@RolesAllowed(Roles.PRACTITIONER)
@Produces(MediaType.APPLICATION_JSON)
public class MyPatientsResource {

    /** Largest page. */
    static final int MAX_LIMIT = 500;

    private final MyPatientsRepository repository;
    private final SecurityIdentity caller;

    MyPatientsResource(MyPatientsRepository repository, SecurityIdentity caller) {
        this.repository = repository;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's patients: those with a study they prescribed, latest study first")
    public MyPatient.Page listMyPatients(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(MAX_LIMIT) int limit,
                                         @QueryParam("offset") @DefaultValue("0") @Min(0) int offset)
            throws SQLException {
        return repository.list(Caller.of(caller), limit, offset);
    }
}

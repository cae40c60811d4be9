package org.irisimaging.studyindex.mypatients;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.audit.AccessAction;
import org.irisimaging.studyindex.audit.DataAccessAudit;
import org.irisimaging.studyindex.audit.RequestChannel;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;

/**
 * My patients (Telemis' "Mes patients"): the prescriber's (prescripteur's) list — one line per
 * patient with at least one study the caller is the referring physician of, the latest first,
 * with read/unread (a study is read once the caller opened it: retrieved its metadata). Filters
 * select studies (modality, dates, name words, birth date), rows group them by patient; sorting and
 * paging run in the database (docs/qido.md, "My patients").
 *
 * <p>The list shows patients' names and birth dates: each page is audited as a search
 * ({@code query}), one line per patient shown (its latest study), with the query string.
 */
@Path("/api/my-patients")
@Tag(name = "My patients")
@RolesAllowed(Roles.PRACTITIONER)
@Produces(MediaType.APPLICATION_JSON)
public class MyPatientsResource {

    private final MyPatientsRepository repository;
    private final SecurityIdentity caller;
    private final DataAccessAudit audit;
    private final RequestChannel channel;
    private final Clock clock = Clock.systemUTC();

    MyPatientsResource(MyPatientsRepository repository, SecurityIdentity caller, DataAccessAudit audit,
                       RequestChannel channel) {
        this.repository = repository;
        this.caller = caller;
        this.audit = audit;
        this.channel = channel;
    }

    @GET
    @Operation(summary = "The caller's patients: those with a study they prescribed, latest study first; "
            + "filters (modality, from, to, months, q, birthDate, unread), sort (patientName, patientBirthDate, "
            + "latestStudyDate, studies, unread) and dir (asc, desc)")
    @Parameter(name = "modality", in = ParameterIn.QUERY, description = "CT, MR...: repeatable or comma-separated; "
            + "a study with one of them")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "first Study Date, yyyy-MM-dd, inclusive")
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "last Study Date, yyyy-MM-dd, inclusive")
    @Parameter(name = "months", in = ParameterIn.QUERY, description = "studies of the last N months, 1-120; not "
            + "with from")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "name words, each the prefix of a word of the "
            + "Patient's Name (case and accents aside); at most 64 characters")
    @Parameter(name = "birthDate", in = ParameterIn.QUERY, description = "Patient's Birth Date, yyyy-MM-dd")
    @Parameter(name = "unread", in = ParameterIn.QUERY, description = "true: only patients with an unread study")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "latestStudyDate (default), patientName, "
            + "patientBirthDate, studies, unread")
    @Parameter(name = "dir", in = ParameterIn.QUERY, description = "asc or desc (default: asc for names and "
            + "birth dates, desc otherwise)")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size, 1-500, default 50")
    @Parameter(name = "offset", in = ParameterIn.QUERY, description = "rows skipped, default 0")
    public MyPatient.Page listMyPatients(@Context UriInfo uri) throws SQLException {
        // every parameter (limit 1-500, default 50; offset) is read and checked by MyPatientsQuery
        MyPatientsQuery query = MyPatientsQuery.parse(uri.getQueryParameters(), LocalDate.now(clock));
        Caller who = Caller.of(caller);
        MyPatient.Page page = repository.list(who, query);
        audit.recordAll(who, AccessAction.QUERY,
                page.patients().stream().map(MyPatient::latestStudyInstanceUID).toList(), channel.current(), true);
        return page;
    }
}

package org.irisimaging.studyindex.location;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.dicom.Uids;
import org.irisimaging.studyindex.audit.AccessAction;
import org.irisimaging.studyindex.audit.AccessChannel;
import org.irisimaging.studyindex.audit.DataAccessed;
import org.irisimaging.studyindex.audit.RequestChannel;

import java.sql.SQLException;
import java.util.List;

/**
 * Where the Part 10 files of a study, series or instance are, for the gateway's WADO-RS retrieval.
 * A list ordered by series number then instance number; 404 when nothing matches or the caller
 * may not see the study (the same answer).
 */
@Path("/api/locations/studies/{study}")
@Tag(name = "Locations")
@RolesAllowed({Roles.PRACTITIONER, Roles.SITE_ADMIN, Roles.PLATFORM_ADMIN, Roles.GUEST})
@Produces(MediaType.APPLICATION_JSON)
public class LocationResource {

    private final LocationRepository repository;
    private final StudyAccess access;
    private final SecurityIdentity caller;
    private final Event<DataAccessed> accessed;
    private final RequestChannel channel;

    LocationResource(LocationRepository repository, StudyAccess access, SecurityIdentity caller,
                     Event<DataAccessed> accessed, RequestChannel channel) {
        this.repository = repository;
        this.access = access;
        this.caller = caller;
        this.accessed = accessed;
        this.channel = channel;
    }

    @GET
    @Operation(summary = "Locations of a study's instances")
    public List<InstanceLocation> studyLocations(@PathParam("study") String study) throws SQLException {
        return audited(study, repository.find(study, null, null, visible()), "study");
    }

    @GET
    @Path("/series/{series}")
    @Operation(summary = "Locations of a series' instances")
    public List<InstanceLocation> seriesLocations(@PathParam("study") String study,
                                                  @PathParam("series") String series) throws SQLException {
        return audited(study, repository.find(study, series, null, visible()), "series");
    }

    @GET
    @Path("/series/{series}/instances/{sop}")
    @Operation(summary = "Location of an instance")
    public List<InstanceLocation> instanceLocation(@PathParam("study") String study,
                                                   @PathParam("series") String series,
                                                   @PathParam("sop") String sop) throws SQLException {
        return audited(study, repository.find(study, series, sop, visible()), "instance");
    }

    /**
     * What the caller may see: the gateway forwards the viewer's own token, so {@link StudyAccess}
     * decides. A sending system's token (role {@code ingest}) is refused (403, which the gateway
     * answers as 404): sending a study is no right to read any.
     */
    private SqlCondition visible() {
        return access.visibleStudies(caller, "st");
    }

    /**
     * Records the access (the gateway asks for locations to serve files: retrieval, or rendered
     * images when the endpoint it reports is one) and answers 404 when nothing was found.
     */
    private List<InstanceLocation> audited(String study, List<InstanceLocation> locations, String what) {
        AccessChannel how = channel.current();
        accessed.fire(new DataAccessed(Caller.of(caller), AccessAction.ofFileEndpoint(how.endpoint()),
                Uids.isValidStrict(study) ? study : null, how, !locations.isEmpty()));
        if (locations.isEmpty()) {
            throw ProblemException.notFound("no such " + what);
        }
        return locations;
    }
}

package org.irisimaging.studyindex.wado;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.studyindex.access.StudyOpened;
import org.irisimaging.studyindex.audit.AccessAction;
import org.irisimaging.studyindex.audit.DataAccessed;
import org.irisimaging.studyindex.audit.RequestChannel;
import org.irisimaging.dicom.Uids;
import org.irisimaging.studyindex.qido.QidoResource;

import java.io.IOException;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * WADO-RS metadata (PS3.18 §10.4, rendered as DICOM JSON): the stored DICOM JSON of each instance of
 * a study, series or instance, as an array, served as stored. The ETag is the study's revision
 * (changed by every registration that changes the study), so {@code If-None-Match} answers 304
 * while nothing changed. A study the caller may not see ({@link StudyAccess}) answers 404 like
 * an unknown one. Serving a study's metadata (or confirming it unchanged) raises
 * {@link StudyOpened}: the prescriber's read marks, and later the audit, observe it.
 */
@Path("/dicomweb")
@Tag(name = "WADO-RS")
@RolesAllowed({Roles.PRACTITIONER, Roles.SITE_ADMIN, Roles.PLATFORM_ADMIN, Roles.GUEST})
@Produces({QidoResource.DICOM_JSON, MediaType.APPLICATION_JSON})
public class MetadataResource {

    private final MetadataRepository repository;
    private final StudyAccess access;
    private final SecurityIdentity caller;
    private final Event<StudyOpened> opened;
    private final Event<DataAccessed> accessed;
    private final RequestChannel channel;

    MetadataResource(MetadataRepository repository, StudyAccess access, SecurityIdentity caller,
                     Event<StudyOpened> opened, Event<DataAccessed> accessed, RequestChannel channel) {
        this.repository = repository;
        this.access = access;
        this.caller = caller;
        this.opened = opened;
        this.accessed = accessed;
        this.channel = channel;
    }

    @GET
    @Path("/studies/{study}/metadata")
    @Operation(summary = "Retrieve a study's metadata")
    public Response retrieveStudyMetadata(@PathParam("study") String study,
                                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws SQLException {
        return metadata(study, null, null, ifNoneMatch, "study");
    }

    @GET
    @Path("/studies/{study}/series/{series}/metadata")
    @Operation(summary = "Retrieve a series' metadata")
    public Response retrieveSeriesMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                           @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws SQLException {
        return metadata(study, series, null, ifNoneMatch, "series");
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{sop}/metadata")
    @Operation(summary = "Retrieve an instance's metadata")
    public Response retrieveInstanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                             @PathParam("sop") String sop,
                                             @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws SQLException {
        return metadata(study, series, sop, ifNoneMatch, "instance");
    }

    private Response metadata(String study, String series, String sop, String ifNoneMatch, String what)
            throws SQLException {
        for (String uid : new String[] {study, series, sop}) {
            if (uid != null && !Uids.isValidStrict(uid)) {
                throw ProblemException.badRequest("the path holds a value that is not a valid UID");
            }
        }
        Caller who = Caller.of(caller);
        SqlCondition visible = access.visibleStudies(who, "st");
        OptionalLong revision = repository.revision(study, visible);
        boolean found = revision.isPresent() && (series == null || repository.exists(study, series, sop, visible));
        accessed.fire(new DataAccessed(who, AccessAction.METADATA, study, channel.current(), found));
        if (!found) {
            throw ProblemException.notFound(revision.isEmpty() ? "no such study" : "no such " + what);
        }
        opened.fire(new StudyOpened(who, study));
        // Read before the instances: the content served is never older than its ETag.
        EntityTag etag = etag(revision.getAsLong());
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return Response.notModified(etag).build();
        }
        // Served as stored: the instances' JSON texts streamed into one array as the database sends them.
        StreamingOutput body = out -> {
            try {
                repository.write(study, series, sop, visible, out);
            } catch (SQLException e) {
                throw new IOException("metadata of a study could not be read", e);
            }
        };
        return Response.ok(body).tag(etag).build();
    }

    private static EntityTag etag(long revision) {
        return new EntityTag(Long.toString(revision));
    }

    /** If-None-Match (RFC 9110 §13.1.2): {@code *} or a list of entity tags, compared weakly. */
    private static boolean matches(String ifNoneMatch, EntityTag current) {
        String header = ifNoneMatch.strip();
        if (header.equals("*")) {
            return true;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("\"" + current.getValue() + "\"")) {
                return true;
            }
        }
        return false;
    }
}

package org.irisimaging.studyindex.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.ExportRequested;
import org.irisimaging.events.Topics;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.dicom.Uids;
import org.irisimaging.studyindex.outbox.Outbox;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Export jobs (flow 4, ADR 0014): the access decision, the job and its {@code export.requested}
 * event in one transaction, and what the requester — and only they — may read or download.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    private static final Set<String> LOCALES = Set.of("fr", "en");

    private final DataSource dataSource;
    private final ExportRepository repository;
    private final StudyAccess access;
    private final Outbox outbox;
    private final ExportConfig config;
    private final ExportAudit audit;
    private final Clock clock;

    ExportService(DataSource dataSource, ExportRepository repository, StudyAccess access, Outbox outbox,
                  ExportConfig config, ExportAudit audit) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.access = access;
        this.outbox = outbox;
        this.config = config;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /**
     * Accepts an export for {@code caller}: 400 for a malformed request, 404 when the study does not
     * exist, the caller may not see it, or the selection names something the study does not hold
     * (the same answer). The job, its event and the audit line of the request are committed together.
     */
    @Transactional(rollbackOn = Exception.class)
    public ExportJob request(Caller caller, String email, ExportRequest request) throws SQLException {
        Checked checked = check(request);
        try (Connection c = dataSource.getConnection()) {
            ExportRepository.Selected selected = repository.select(c, checked.study, checked.series, checked.sops,
                    access.visibleStudies(caller, "st"));
            if (selected.instances().isEmpty() || !coversSelection(selected, checked)) {
                throw ProblemException.notFound("no such study, series or instance");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ExportRequested event = new ExportRequested(UUID.randomUUID().toString(), checked.study,
                    selected.studyDate(), caller.subject(), email, checked.locale, config.expiry(),
                    selected.instances().stream().map(ExportRepository.SelectedInstance::asEvent).toList(), now);
            repository.insert(c, event, selected.studyId(), checked.series, checked.sops);
            outbox.append(c, Topics.EXPORT_REQUESTED, checked.study, EventTypes.EXPORT_REQUESTED, event);
            audit.exportRequested(caller, checked.study, true);
            LOG.debugf("Export %s requested: %d instances", event.jobId(), event.instances().size());
            UUID id = UUID.fromString(event.jobId());
            return new ExportJob(id, ExportStatus.REQUESTED, checked.study, event.instances().size(), now, null,
                    null, null, null, null, caller.subject(), null);
        }
    }

    /** The caller's job {@code id}; 404 when there is none or it is someone else's. */
    public ExportJob status(Caller caller, String id) throws SQLException {
        return job(caller, id).asOf(clock.instant());
    }

    /**
     * A page of the caller's jobs, newest first, each as {@link #status} gives it; empty for a caller
     * without subject. Nobody else's job is ever in it.
     */
    public ExportJob.Page list(Caller caller, int limit, int offset) throws SQLException {
        if (caller.subject() == null) {
            return new ExportJob.Page(0, offset, limit, List.of());
        }
        ExportRepository.Listed listed = repository.list(caller.subject(), limit, offset);
        Instant now = clock.instant();
        return new ExportJob.Page(listed.total(), offset, limit,
                listed.jobs().stream().map(job -> job.asOf(now)).toList());
    }

    /**
     * Where a ready package is, for the gateway's download of a job {@link #status} gave the caller:
     * 404 when it is not ready, 410 once expired.
     */
    public String archiveLocation(ExportJob job) {
        return switch (job.status()) {
            case READY -> job.blobKey();
            case EXPIRED -> throw new ProblemException(410, "export-expired", "Export expired",
                    "this export's download period ended at " + job.expiresAt() + "; request it again");
            default -> throw ProblemException.notFound("no ready export " + job.id());
        };
    }

    private ExportJob job(Caller caller, String id) throws SQLException {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no such export");
        }
        if (caller.subject() == null) {
            throw ProblemException.notFound("no such export");
        }
        return repository.find(uuid, caller.subject()).orElseThrow(() -> ProblemException.notFound("no such export"));
    }

    private record Checked(String study, List<String> series, List<String> sops, String locale) {
    }

    private Checked check(ExportRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("the request has no body");
        }
        String study = request.studyInstanceUID();
        if (study == null || !Uids.isValidStrict(study)) {
            throw ProblemException.badRequest("studyInstanceUID is missing or not a valid UID");
        }
        List<String> series = uids(request.seriesInstanceUIDs(), "seriesInstanceUIDs");
        List<String> sops = uids(request.sopInstanceUIDs(), "sopInstanceUIDs");
        if (series.size() + sops.size() > config.maxSelectionSize()) {
            throw ProblemException.badRequest("a selection lists at most " + config.maxSelectionSize() + " UIDs");
        }
        String locale = request.locale() == null ? "fr" : request.locale();
        if (!LOCALES.contains(locale)) {
            throw ProblemException.badRequest("locale must be fr or en");
        }
        return new Checked(study, series, sops, locale);
    }

    private static List<String> uids(List<String> values, String name) {
        if (values == null) {
            return List.of();
        }
        for (String uid : values) {
            if (uid == null || !Uids.isValidStrict(uid)) {
                throw ProblemException.badRequest(name + " holds a value that is not a valid UID");
            }
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** Whether every series and instance the request lists is in what was found. */
    private static boolean coversSelection(ExportRepository.Selected selected, Checked checked) {
        Set<String> series = new HashSet<>();
        Set<String> sops = new HashSet<>();
        for (ExportRepository.SelectedInstance i : selected.instances()) {
            series.add(i.seriesInstanceUID());
            sops.add(i.sopInstanceUID());
        }
        return series.containsAll(checked.series) && sops.containsAll(checked.sops);
    }
}

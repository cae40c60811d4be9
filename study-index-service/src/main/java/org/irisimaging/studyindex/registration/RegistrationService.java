package org.irisimaging.studyindex.registration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.dicom.Uids;
import org.irisimaging.studyindex.attributes.DataSet;
import org.irisimaging.studyindex.audit.AccessChannel;
import org.irisimaging.studyindex.audit.StudyChanged;
import org.irisimaging.studyindex.matching.SiteIdentity;
import org.irisimaging.studyindex.site.Sites;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Registers instances in the index (the gateway calls it once an instance is durably stored).
 *
 * <p><b>Re-sent instances.</b> An instance is identified by its SOP Instance UID:
 * <ul>
 * <li>not yet registered: it is added ({@code CREATED});</li>
 * <li>registered with the same Study and Series Instance UIDs and the same SHA-256: nothing is
 *     written ({@code UNCHANGED});</li>
 * <li>registered with the same Study and Series Instance UIDs and another SHA-256: its metadata,
 *     blob reference and query keys are replaced, and so are the study's and series' attributes —
 *     last write wins, as a PACS re-sends an instance to correct it ({@code REPLACED});</li>
 * <li>registered under another study or series: refused with 409
 *     {@code urn:iris:problem:sop-instance-conflict}, nothing changed. Likewise a Series Instance
 *     UID already registered in another study: 409 {@code urn:iris:problem:series-instance-conflict}.</li>
 * </ul>
 *
 * <p><b>Ownership (ADR 0018).</b> A study, its series and instances belong to the source that first
 * registered it, and to that source's patient. An instance of a registered study from another
 * source is refused with 409 {@code urn:iris:problem:study-of-another-source} (new, re-sent or
 * identical alike); from the study's source but with another Patient ID / Issuer of Patient ID,
 * with 409 {@code urn:iris:problem:patient-mismatch}. Nothing is written, and the refusal is audited.
 *
 * <p>Study-level and series-level attributes (patient name, study date, modality...) are those of the
 * latest registered instance of the study or series, except the prescribers (referring
 * practitioners): the union over the study's instances, less those an administrator removed.
 */
@ApplicationScoped
public class RegistrationService {

    static final String INVALID = "invalid-registration";
    private static final int ATTEMPTS = 5;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** PS3.5 AE: 1 to 16 characters of the default repertoire, no backslash, not only spaces. */
    private static final Pattern AE_TITLE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");
    /** An OIDC client id as identity-service issues them. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Logger LOG = Logger.getLogger(RegistrationService.class);

    private final InstanceRegistry registry;
    private final Sites sites;
    private final Event<StudyChanged> changes;

    RegistrationService(InstanceRegistry registry, Sites sites, Event<StudyChanged> changes) {
        this.registry = registry;
        this.sites = sites;
        this.changes = changes;
    }

    /** Checks and registers one instance; see the class documentation for re-sent instances. */
    public RegistrationResult register(RegistrationRequest request) {
        IndexedInstance instance = check(request);
        for (int attempt = 1; ; attempt++) {
            try {
                return registry.register(instance);
            } catch (RegistrationRefused e) {
                audit(instance, e); // after the rollback: the refusal is recorded, nothing else
                throw e;
            } catch (InstanceRegistry.ConcurrentRegistration e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt == ATTEMPTS || !isTransient(e)) {
                    throw new IllegalStateException("registration of " + instance + " failed", e);
                }
            }
        }
    }

    private void audit(IndexedInstance instance, RegistrationRefused refusal) {
        try {
            changes.fire(new StudyChanged(StudyChanged.Action.REGISTRATION_REFUSED, false, instance.source(),
                    new AccessChannel(instance.sourceKind().equals("DIMSE") ? "C-STORE" : "STOW-RS", null,
                            instance.remoteAddress()),
                    instance.studyInstanceUID(), refusal.reason().slug(),
                    "SOP Instance UID " + instance.sopInstanceUID()));
        } catch (RuntimeException e) {
            // refused all the same: the audit writer has logged why it could not record it
            LOG.debugf("refusal of %s not audited: %s", instance, e);
        }
    }

    /** Deadlock or serialization failure: the transaction was rolled back and may be retried. */
    private static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001"))) {
                return true;
            }
        }
        return false;
    }

    private IndexedInstance check(RegistrationRequest request) {
        RegistrationRequest.Source source = require(request.source(), "source");
        String kind = require(source.kind(), "source.kind");
        String sourceName;
        if (kind.equals("DIMSE")) {
            String ae = require(source.callingAeTitle(), "source.callingAeTitle").strip();
            if (!AE_TITLE.matcher(ae).matches()) {
                throw invalid("source.callingAeTitle is not a valid AE title");
            }
            sourceName = ae;
        } else if (kind.equals("STOW")) {
            if (source.callingAeTitle() != null) {
                throw invalid("source.callingAeTitle must be null for STOW");
            }
            // One source per sending system: its own patient identifiers and its own establishment.
            if (source.clientId() == null) {
                sourceName = SiteIdentity.STOW;
            } else if (CLIENT_ID.matcher(source.clientId()).matches()) {
                sourceName = SiteIdentity.STOW + "/" + source.clientId();
            } else {
                throw invalid("source.clientId is not a client identifier");
            }
        } else {
            throw invalid("source.kind must be DIMSE or STOW");
        }
        if (source.remoteAddress() != null && source.remoteAddress().length() > 255) {
            throw invalid("source.remoteAddress is too long");
        }
        RegistrationRequest.Blob blob = require(request.blob(), "blob");
        String key = require(blob.key(), "blob.key");
        if (key.isBlank() || key.length() > 1024) {
            throw invalid("blob.key must have 1 to 1024 characters");
        }
        if (require(blob.sizeBytes(), "blob.sizeBytes") < 0) {
            throw invalid("blob.sizeBytes must not be negative");
        }
        if (!SHA256.matcher(require(blob.sha256(), "blob.sha256")).matches()) {
            throw invalid("blob.sha256 must be 64 hexadecimal digits");
        }
        if (!Uids.isValidStrict(require(request.transferSyntaxUID(), "transferSyntaxUID"))) {
            throw invalid("transferSyntaxUID is not a valid UID");
        }
        DataSet ds;
        try {
            ds = DataSet.of(require(request.dataset(), "dataset"));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        requireUid(ds, IndexedInstance.Tags.STUDY_INSTANCE_UID, "Study Instance UID (0020,000D)");
        requireUid(ds, IndexedInstance.Tags.SERIES_INSTANCE_UID, "Series Instance UID (0020,000E)");
        requireUid(ds, IndexedInstance.Tags.SOP_INSTANCE_UID, "SOP Instance UID (0008,0018)");
        requireUid(ds, IndexedInstance.Tags.SOP_CLASS_UID, "SOP Class UID (0008,0016)");
        return IndexedInstance.of(request, ds, sourceName, sites.establishmentOf(sourceName).orElse(null));
    }

    private static void requireUid(DataSet ds, String tag, String name) {
        String uid = ds.string(tag).orElseThrow(() -> invalid("dataset has no " + name));
        if (!Uids.isValidStrict(uid)) {
            throw invalid("dataset's " + name + " is not a valid UID");
        }
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw invalid(name + " is missing");
        }
        return value;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, INVALID, "Invalid registration", detail);
    }
}

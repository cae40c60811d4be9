package org.irisimaging.studyindex.registration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.studyindex.outbox.Outbox;
import org.irisimaging.studyindex.matching.PatientTraits;
import org.irisimaging.studyindex.matching.SiteIdentity;
import org.irisimaging.studyindex.matching.SitePatients;
import org.irisimaging.studyindex.registration.RegistrationResult.Outcome;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.irisimaging.studyindex.jdbc.JdbcParameters.bind;

/**
 * Writes one registration in one transaction: site identity, study, series, instance and the
 * study's and series' maintained values (counts, ModalitiesInStudy, revision), and, when the
 * instance is new or replaced, its {@code instance.received} event in the outbox.
 *
 * <p>A registered study takes instances only from the site identity it belongs to (its source and
 * its patient, ADR 0018): anything else is a {@link RegistrationRefused}, nothing written.
 *
 * <p>Rows are locked in one order (instance when re-sent, site identity, study, series), every
 * insert is an {@code INSERT ... ON CONFLICT}, and the counts are kept under the study's row lock
 * (incremented for a new instance, recounted for a replaced one): concurrent registrations of instances of one new study or series (parallel associations)
 * neither fail nor lose an update. Two registrations of the same new SOP Instance UID at once:
 * the later one finds the row taken and throws {@link ConcurrentRegistration}; retried, it sees the
 * instance and is decided as a re-send.
 */
@ApplicationScoped
class InstanceRegistry {

    private static final Logger LOG = Logger.getLogger(InstanceRegistry.class);

    private final DataSource dataSource;
    private final SitePatients sitePatients;
    private final Outbox outbox;

    InstanceRegistry(DataSource dataSource, SitePatients sitePatients, Outbox outbox) {
        this.dataSource = dataSource;
        this.sitePatients = sitePatients;
        this.outbox = outbox;
    }

    /** The same SOP Instance UID was being registered by another transaction: retry. */
    static final class ConcurrentRegistration extends RuntimeException {
        ConcurrentRegistration() {
            super("concurrent registration of the same SOP Instance UID", null, false, false);
        }
    }

    @Transactional(rollbackOn = Exception.class)
    public RegistrationResult register(IndexedInstance in) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (addToKnownSeries(c, in)) {
                outbox.relayAfterCommit();
                LOG.debugf("Registered %s: %s (known series)", in, Outcome.CREATED);
                return result(in, Outcome.CREATED);
            }
            Existing existing = existing(c, in.sopInstanceUID());
            if (existing != null) {
                if (!existing.studyInstanceUID.equals(in.studyInstanceUID())
                        || !existing.seriesInstanceUID.equals(in.seriesInstanceUID())) {
                    throw new ProblemException(409, "sop-instance-conflict", "SOP Instance UID conflict",
                            "SOP Instance UID " + in.sopInstanceUID() + " is already registered in another "
                                    + (existing.studyInstanceUID.equals(in.studyInstanceUID()) ? "series" : "study"));
                }
                // Before the identical re-send's answer: another source learns nothing by re-sending.
                checkOwner(in, existing.owner);
                if (existing.sha256.equals(in.sha256())) {
                    return result(in, Outcome.UNCHANGED);
                }
            }
            // Checked before anything is written (no site identity created for a refused sender),
            // and again, atomically, by the study's upsert (a concurrent first registration).
            checkOwner(in, owner(c, in.studyInstanceUID()));
            long sitePatient = sitePatients.register(in.siteIdentity(), in.patientTraits());
            long study = upsertStudy(c, in, sitePatient);
            SeriesRow series = upsertSeries(c, in, study);
            if (existing != null) {
                replaceInstance(c, in, existing.id);
                recount(c, study, series.id()); // a corrected series may bring another modality
            } else if (!insertAndCountInstance(c, in, study, series)) {
                throw new ConcurrentRegistration();
            }
            outbox.append(c, Topics.INSTANCE_RECEIVED, in.studyInstanceUID(), EventTypes.INSTANCE_RECEIVED,
                    in.received());
            Outcome outcome = existing == null ? Outcome.CREATED : Outcome.REPLACED;
            LOG.debugf("Registered %s: %s", in, outcome);
            return result(in, outcome);
        }
    }

    private static RegistrationResult result(IndexedInstance in, Outcome outcome) {
        return new RegistrationResult(in.studyInstanceUID(), in.seriesInstanceUID(), in.sopInstanceUID(), outcome);
    }

    private record Existing(long id, String sha256, String seriesInstanceUID, String studyInstanceUID,
                            SiteIdentity owner) {
    }

    private static Existing existing(Connection c, String sopInstanceUID) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select i.id, i.sha256, se.series_instance_uid, st.study_instance_uid,
                       sp.source, sp.issuer_of_patient_id, sp.patient_id, sp.unidentified_study_uid
                  from instance i
                  join series se on se.id = i.series_id
                  join study st on st.id = i.study_id
                  join site_patient sp on sp.id = st.site_patient_id
                 where i.sop_instance_uid = ?
                   for update of i
                """)) {
            s.setString(1, sopInstanceUID);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Existing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        new SiteIdentity(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))) : null;
            }
        }
    }

    /**
     * The site identity a registered study belongs to (its source and its patient); null when the
     * study is not registered.
     */
    private static SiteIdentity owner(Connection c, String studyInstanceUID) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select sp.source, sp.issuer_of_patient_id, sp.patient_id, sp.unidentified_study_uid
                  from study st
                  join site_patient sp on sp.id = st.site_patient_id
                 where st.study_instance_uid = ?
                """)) {
            s.setString(1, studyInstanceUID);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new SiteIdentity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))
                        : null;
            }
        }
    }

    /**
     * ADR 0018: a registered study takes instances only from its own source, and only for its own
     * patient (the same site identity: Patient ID and Issuer of Patient ID, or, without Patient
     * ID, none). Demographics may change (a corrected name); identifiers may not.
     */
    private static void checkOwner(IndexedInstance in, SiteIdentity owner) {
        if (owner == null) {
            return;
        }
        if (!owner.source().equals(in.source())) {
            throw new RegistrationRefused(RegistrationRefused.Reason.STUDY_OF_ANOTHER_SOURCE, in.studyInstanceUID());
        }
        if (!owner.equals(in.siteIdentity())) {
            throw new RegistrationRefused(RegistrationRefused.Reason.PATIENT_MISMATCH, in.studyInstanceUID());
        }
    }

    /** The study's columns written at registration; {@code site_patient_id} first (see {@link #studyRow}). */
    private static final String STUDY_COLUMNS = """
            site_patient_id, study_instance_uid, patient_id, issuer_of_patient_id,
            patient_name_upper, patient_name_words, patient_birth_date, patient_sex,
            study_date, study_time, accession_number, study_id,
            referring_physician_name_upper, referring_physician_name_words,
            referring_physician_ids, producing_establishment,
            study_description, attributes, revision""";

    /**
     * What a registration changes in a registered study of the same site identity (with
     * {@link #STUDY_GUARD}: an instance of another source or patient changes nothing, see
     * {@link #checkOwner}): its attributes, latest registration wins, except its prescribers.
     */
    private static final String STUDY_UPDATE = """
            on conflict (study_instance_uid) do update
               set site_patient_id = excluded.site_patient_id,
                   patient_id = excluded.patient_id,
                   issuer_of_patient_id = excluded.issuer_of_patient_id,
                   patient_name_upper = excluded.patient_name_upper,
                   patient_name_words = excluded.patient_name_words,
                   patient_birth_date = excluded.patient_birth_date,
                   patient_sex = excluded.patient_sex,
                   study_date = excluded.study_date,
                   study_time = excluded.study_time,
                   accession_number = excluded.accession_number,
                   study_id = excluded.study_id,
                   referring_physician_name_upper = excluded.referring_physician_name_upper,
                   referring_physician_name_words = excluded.referring_physician_name_words,
                   -- the prescribers: the union over the study's instances (one more instance
                   -- never takes an access away), less those an administrator removed
                   referring_physician_ids = study.referring_physician_ids
                       || array(select n.idnat_ps
                                  from unnest(excluded.referring_physician_ids) with ordinality as n(idnat_ps, i)
                                 where n.idnat_ps <> all(study.referring_physician_ids)
                                   and not exists (select from study_referral_removal r
                                                    where r.study_id = study.id and r.idnat_ps = n.idnat_ps)
                                 order by n.i),
                   -- the producing establishment: its source's mapping when first registered (or
                   -- once that source is mapped); no other source ever writes here (ADR 0018)
                   producing_establishment = coalesce(study.producing_establishment,
                                                      excluded.producing_establishment),
                   study_description = excluded.study_description,
                   availability = 'RECEIVED',
                   attributes = excluded.attributes,
                   revision = excluded.revision,
                   updated_at = now()""";

    /** Ends {@link #STUDY_UPDATE}: a study changes only for its own site identity (ADR 0018). */
    private static final String STUDY_GUARD = "\n where study.site_patient_id = excluded.site_patient_id";

    /** The values of {@link #STUDY_COLUMNS}: {@code sitePatient} (an SQL expression), then {@link #studyValues}. */
    private static String studyRow(String sitePatient) {
        return sitePatient + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, nextval('registration_seq')";
    }

    private static List<Object> studyValues(IndexedInstance in) {
        IndexedInstance.Study st = in.study();
        return Arrays.asList(in.studyInstanceUID(), st.patientID(), st.issuerOfPatientID(),
                st.patientNameUpper(), st.patientNameWords(), st.patientBirthDate(), st.patientSex(),
                st.studyDate(), st.studyTime(), st.accessionNumber(), st.studyID(),
                st.referringPhysicianNameUpper(), st.referringPhysicianNameWords(), st.referringPhysicianIds(),
                in.producingEstablishment(), st.studyDescription(), st.attributes().toString());
    }

    private static final String UPSERT_STUDY = "insert into study (" + STUDY_COLUMNS + ")\nvalues ("
            + studyRow("?") + ")\n" + STUDY_UPDATE + STUDY_GUARD + "\nreturning id";

    private static long upsertStudy(Connection c, IndexedInstance in, long sitePatient) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT_STUDY)) {
            s.setLong(1, sitePatient);
            bind(c, s, 2, studyValues(in));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        // Registered meanwhile by another site identity (checked before, committed since).
        checkOwner(in, owner(c, in.studyInstanceUID()));
        throw new ConcurrentRegistration();
    }

    /** A series row, and whether this registration created it. */
    private record SeriesRow(long id, boolean created) {
    }

    private static final String SERIES_COLUMNS = """
            study_id, series_instance_uid, modality, series_number, series_description,
            performed_procedure_step_start_date, attributes""";

    /** What a registration changes in a registered series of the same study (none in another study). */
    private static final String SERIES_UPDATE = """
            on conflict (series_instance_uid) do update
               set modality = excluded.modality,
                   series_number = excluded.series_number,
                   series_description = excluded.series_description,
                   performed_procedure_step_start_date = excluded.performed_procedure_step_start_date,
                   attributes = excluded.attributes,
                   updated_at = now()""";

    /** The values of {@link #SERIES_COLUMNS}: {@code study} (an SQL expression), then {@link #seriesValues}. */
    private static String seriesRow(String study) {
        return study + ", ?, ?, ?, ?, ?, ?::jsonb";
    }

    private static List<Object> seriesValues(IndexedInstance in) {
        IndexedInstance.Series se = in.series();
        return Arrays.asList(in.seriesInstanceUID(), se.modality(), se.seriesNumber(), se.seriesDescription(),
                se.performedProcedureStepStartDate(), se.attributes().toString());
    }

    private static final String UPSERT_SERIES = "insert into series (" + SERIES_COLUMNS + ")\nvalues ("
            + seriesRow("?") + ")\n" + SERIES_UPDATE + "\n where series.study_id = excluded.study_id"
            + "\nreturning id, xmax = 0 as created";

    private static SeriesRow upsertSeries(Connection c, IndexedInstance in, long study) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT_SERIES)) {
            s.setLong(1, study);
            bind(c, s, 2, seriesValues(in));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new ProblemException(409, "series-instance-conflict", "Series Instance UID conflict",
                            "Series Instance UID " + in.seriesInstanceUID() + " is already registered in another study");
                }
                return new SeriesRow(rs.getLong(1), rs.getBoolean(2)); // xmax = 0: inserted, not updated
            }
        }
    }

    private static void replaceInstance(Connection c, IndexedInstance in, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update instance
                   set sop_class_uid = ?, instance_number = ?, acquisition_datetime = ?, transfer_syntax_uid = ?,
                       blob_key = ?, size_bytes = ?, sha256 = ?, source = ?, remote_address = ?,
                       availability = 'RECEIVED', original_removed_at = null, metadata = ?::jsonb,
                       updated_at = now()
                 where id = ?
                """)) {
            bind(c, s, Arrays.asList(in.sopClassUID(), in.instance().instanceNumber(),
                    in.instance().acquisitionDateTime(), in.transferSyntaxUID(), in.blobKey(), in.sizeBytes(),
                    in.sha256(), in.source(), in.remoteAddress(), in.dataset().toString(), id));
            s.executeUpdate();
        }
    }

    private static final String INSTANCE_COLUMNS = """
            series_id, study_id, sop_instance_uid, sop_class_uid, instance_number, acquisition_datetime,
            transfer_syntax_uid, blob_key, size_bytes, sha256, source, remote_address, metadata""";

    /** The values of {@link #INSTANCE_COLUMNS}: {@code series} and {@code study} (SQL expressions), then {@link #instanceValues}. */
    private static String instanceRow(String series, String study) {
        return series + ", " + study + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb";
    }

    private static List<Object> instanceValues(IndexedInstance in) {
        return Arrays.asList(in.sopInstanceUID(), in.sopClassUID(), in.instance().instanceNumber(),
                in.instance().acquisitionDateTime(), in.transferSyntaxUID(), in.blobKey(), in.sizeBytes(),
                in.sha256(), in.source(), in.remoteAddress(), in.dataset().toString());
    }

    private static final String INSERT_AND_COUNT_INSTANCE = """
            with inserted as (
                insert into instance (%s)
                values (%s)
                on conflict (sop_instance_uid) do nothing
                returning id
            ), counted_series as (
                update series set number_of_instances = number_of_instances + 1
                 where id = ? and exists (select from inserted)
            ), counted_study as (
                update study st
                   set number_of_instances = number_of_instances + 1,
                       number_of_series = number_of_series + ?,
                       -- from the study's few series rows, exact even when a series changed modality
                       modalities_in_study = coalesce((select array_agg(distinct se.modality order by se.modality)
                                                         from series se
                                                        where se.study_id = st.id and se.modality is not null),
                                                      '{}')
                 where st.id = ? and exists (select from inserted)
            )
            select count(*) from inserted
            """.formatted(INSTANCE_COLUMNS, instanceRow("?", "?"));

    /**
     * Inserts a new instance and counts it in its series and study, in one statement (one round
     * trip of the registration's few): the counts are incremented under the study's row lock
     * (taken by the upsert, so concurrent registrations of one study apply one after the other)
     * instead of recounted, which would read every instance of the study for each one registered.
     * False, and nothing counted, when another transaction has just inserted the same SOP Instance
     * UID.
     */
    private static boolean insertAndCountInstance(Connection c, IndexedInstance in, long study, SeriesRow series)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_AND_COUNT_INSTANCE)) {
            List<Object> values = new ArrayList<>(List.of(series.id(), study));
            values.addAll(instanceValues(in));
            values.addAll(List.of(series.id(), series.created() ? 1 : 0, study));
            bind(c, s, values);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    private static final String ADD_TO_KNOWN_SERIES = """
            with known as (
                select sp.id as site_patient_id, st.id as study_id, se.id as series_id
                  from site_patient sp, study st, series se
                 where sp.source = ? and sp.issuer_of_patient_id = ? and sp.patient_id = ?
                   and sp.unidentified_study_uid = ? and sp.platform_patient_id is not null
                   and sp.patient_name is not distinct from ? and sp.patient_birth_date is not distinct from ?
                   and sp.patient_sex is not distinct from ?
                   and st.study_instance_uid = ? and st.site_patient_id = sp.id
                   and se.series_instance_uid = ? and se.study_id = st.id
                   and se.modality is not distinct from ?
            ), inserted as (
                insert into instance (%s)
                select %s from known
                on conflict (sop_instance_uid) do nothing
                returning series_id, study_id
            ), study_counted as (
                insert into study (%s)
                select %s from known, inserted
                %s,
                   number_of_instances = study.number_of_instances + 1%s
            ), series_counted as (
                insert into series (%s)
                select %s from inserted
                %s,
                   number_of_instances = series.number_of_instances + 1
            ), announced as (
                insert into outbox_event (%s)
                select %s from inserted
            )
            select count(*) from inserted
            """.formatted(
                INSTANCE_COLUMNS, instanceRow("known.series_id", "known.study_id"),
                STUDY_COLUMNS, studyRow("known.site_patient_id"), STUDY_UPDATE, STUDY_GUARD,
                SERIES_COLUMNS, seriesRow("inserted.study_id"), SERIES_UPDATE,
                Outbox.COLUMNS, Outbox.ROW);

    /**
     * The registration of most instances, in one statement: a new instance of a series already
     * registered in its study with the same modality, from the site identity the study belongs to
     * (its source and its patient, so the ownership checks hold: ADR 0018), already matched and
     * whose demographics are unchanged. It inserts the instance, counts it in its series and study while
     * updating their attributes (as {@link #upsertStudy} and {@link #upsertSeries} would), and
     * appends its event to the outbox; nothing is written unless the instance is inserted. False,
     * and nothing written, for any other registration (the general path decides it): the
     * modalities in study, series count and the site identity's row stay as they are.
     */
    private boolean addToKnownSeries(Connection c, IndexedInstance in) throws SQLException {
        Outbox.Event event = outbox.event(Topics.INSTANCE_RECEIVED, in.studyInstanceUID(),
                EventTypes.INSTANCE_RECEIVED, in.received());
        try (PreparedStatement s = c.prepareStatement(ADD_TO_KNOWN_SERIES)) {
            SiteIdentity id = in.siteIdentity();
            PatientTraits traits = in.patientTraits();
            List<Object> values = new ArrayList<>(Arrays.asList(id.source(), id.issuerOfPatientID(), id.patientID(),
                    id.unidentifiedStudyUID(), traits.name(), traits.birthDate(), traits.sex(),
                    in.studyInstanceUID(), in.seriesInstanceUID(), in.series().modality()));
            values.addAll(instanceValues(in));
            values.addAll(studyValues(in));
            values.addAll(seriesValues(in));
            values.addAll(event.values());
            bind(c, s, values);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    /**
     * Recounts under the study's row lock (taken by the upsert): exact whatever runs concurrently.
     * One statement for both rows: a data-modifying CTE (the series' count is not read back).
     */
    private static void recount(Connection c, long study, long series) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                with counted_series as (
                    update series se
                       set number_of_instances = (select count(*) from instance i where i.series_id = se.id)
                     where se.id = ?
                )
                update study st
                   set number_of_series = (select count(*) from series se where se.study_id = st.id),
                       number_of_instances = (select count(*) from instance i where i.study_id = st.id),
                       modalities_in_study = coalesce((select array_agg(distinct se.modality order by se.modality)
                                                         from series se
                                                        where se.study_id = st.id and se.modality is not null),
                                                      '{}')
                 where st.id = ?
                """)) {
            bind(c, s, List.of(series, study));
            s.executeUpdate();
        }
    }
}

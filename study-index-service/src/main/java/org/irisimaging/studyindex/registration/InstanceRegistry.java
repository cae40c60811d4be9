package org.irisimaging.studyindex.registration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.events.EventTypes;
import org.irisimaging.events.Topics;
import org.irisimaging.studyindex.outbox.Outbox;
import org.irisimaging.studyindex.matching.SitePatients;
import org.irisimaging.studyindex.registration.RegistrationResult.Outcome;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.irisimaging.studyindex.jdbc.JdbcParameters.bind;

/**
 * Writes one registration in one transaction: site identity, study, series, instance and the
 * study's and series' maintained values (counts, ModalitiesInStudy, revision), and, when the
 * instance is new or replaced, its {@code instance.received} event in the outbox.
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
            Existing existing = existing(c, in.sopInstanceUID());
            if (existing != null) {
                if (!existing.studyInstanceUID.equals(in.studyInstanceUID())
                        || !existing.seriesInstanceUID.equals(in.seriesInstanceUID())) {
                    throw new ProblemException(409, "sop-instance-conflict", "SOP Instance UID conflict",
                            "SOP Instance UID " + in.sopInstanceUID() + " is already registered in another "
                                    + (existing.studyInstanceUID.equals(in.studyInstanceUID()) ? "series" : "study"));
                }
                if (existing.sha256.equals(in.sha256())) {
                    return result(in, Outcome.UNCHANGED);
                }
            }
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

    private record Existing(long id, String sha256, String seriesInstanceUID, String studyInstanceUID) {
    }

    private static Existing existing(Connection c, String sopInstanceUID) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select i.id, i.sha256, se.series_instance_uid, st.study_instance_uid
                  from instance i
                  join series se on se.id = i.series_id
                  join study st on st.id = i.study_id
                 where i.sop_instance_uid = ?
                   for update of i
                """)) {
            s.setString(1, sopInstanceUID);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Existing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null;
            }
        }
    }

    private static long upsertStudy(Connection c, IndexedInstance in, long sitePatient) throws SQLException {
        IndexedInstance.Study st = in.study();
        try (PreparedStatement s = c.prepareStatement("""
                insert into study (study_instance_uid, site_patient_id, patient_id, issuer_of_patient_id,
                                   patient_name_upper, patient_name_words, patient_birth_date, patient_sex,
                                   study_date, study_time, accession_number, study_id,
                                   referring_physician_name_upper, referring_physician_name_words,
                                   referring_physician_ids, producing_establishment,
                                   study_description, attributes, revision)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, nextval('registration_seq'))
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
                       -- the prescribers: latest registration wins, like every study attribute (a
                       -- corrected instance can take a wrong prescriber away)
                       referring_physician_ids = excluded.referring_physician_ids,
                       -- the producing establishment: the first mapped source's; a later sender
                       -- (another site forwarding the study) does not take it over
                       producing_establishment = coalesce(study.producing_establishment,
                                                          excluded.producing_establishment),
                       study_description = excluded.study_description,
                       availability = 'RECEIVED',
                       attributes = excluded.attributes,
                       revision = excluded.revision,
                       updated_at = now()
                returning id
                """)) {
            bind(c, s, Arrays.asList(in.studyInstanceUID(), sitePatient, st.patientID(), st.issuerOfPatientID(),
                    st.patientNameUpper(), st.patientNameWords(), st.patientBirthDate(), st.patientSex(),
                    st.studyDate(), st.studyTime(), st.accessionNumber(), st.studyID(),
                    st.referringPhysicianNameUpper(), st.referringPhysicianNameWords(), st.referringPhysicianIds(),
                    in.producingEstablishment(), st.studyDescription(), st.attributes().toString()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A series row, and whether this registration created it. */
    private record SeriesRow(long id, boolean created) {
    }

    private static SeriesRow upsertSeries(Connection c, IndexedInstance in, long study) throws SQLException {
        IndexedInstance.Series se = in.series();
        try (PreparedStatement s = c.prepareStatement("""
                insert into series (series_instance_uid, study_id, modality, series_number, series_description,
                                    performed_procedure_step_start_date, attributes)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (series_instance_uid) do update
                   set modality = excluded.modality,
                       series_number = excluded.series_number,
                       series_description = excluded.series_description,
                       performed_procedure_step_start_date = excluded.performed_procedure_step_start_date,
                       attributes = excluded.attributes,
                       updated_at = now()
                 where series.study_id = excluded.study_id
                returning id, xmax = 0 as created
                """)) {
            bind(c, s, Arrays.asList(in.seriesInstanceUID(), study, se.modality(), se.seriesNumber(),
                    se.seriesDescription(), se.performedProcedureStepStartDate(), se.attributes().toString()));
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
        try (PreparedStatement s = c.prepareStatement("""
                with inserted as (
                    insert into instance (sop_instance_uid, series_id, study_id, sop_class_uid, instance_number,
                                          acquisition_datetime, transfer_syntax_uid, blob_key, size_bytes, sha256,
                                          source, remote_address, metadata)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
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
                """)) {
            bind(c, s, Arrays.asList(in.sopInstanceUID(), series.id(), study, in.sopClassUID(),
                    in.instance().instanceNumber(), in.instance().acquisitionDateTime(), in.transferSyntaxUID(),
                    in.blobKey(), in.sizeBytes(), in.sha256(), in.source(), in.remoteAddress(),
                    in.dataset().toString(), series.id(), series.created() ? 1 : 0, study));
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

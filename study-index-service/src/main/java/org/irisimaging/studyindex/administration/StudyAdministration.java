package org.irisimaging.studyindex.administration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.studyindex.audit.AccessChannel;
import org.irisimaging.studyindex.audit.StudyChanged;
import org.irisimaging.studyindex.matching.PatientTraits;
import org.irisimaging.studyindex.matching.SiteIdentity;
import org.irisimaging.studyindex.matching.SitePatients;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The administrative corrections of a study's record that registration never makes (ADR 0018):
 * re-assigning it to another patient of its source, and taking a prescriber off it. Each change
 * and its audit line ({@link StudyChanged}) commit together, or neither.
 */
@ApplicationScoped
public class StudyAdministration {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String PATIENT_ID = "00100020";
    static final String ISSUER_OF_PATIENT_ID = "00100021";

    private final DataSource dataSource;
    private final SitePatients sitePatients;
    private final Event<StudyChanged> changes;

    StudyAdministration(DataSource dataSource, SitePatients sitePatients, Event<StudyChanged> changes) {
        this.dataSource = dataSource;
        this.sitePatients = sitePatients;
        this.changes = changes;
    }

    /** The study's source, patient and prescribers; empty when no such study. */
    public Optional<StudyOwnership> ownership(String studyInstanceUID) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Optional.ofNullable(read(c, studyInstanceUID, false)).map(Current::ownership);
        }
    }

    /**
     * Re-assigns the study (its instances' Patient ID and Issuer of Patient ID too, in the metadata
     * served) to the patient {@code patientId}/{@code issuer} of the study's own source: that site
     * identity when the source already sent it, else a new one (with the study's demographics,
     * matched like any new one). Later instances from the source must name that patient.
     */
    @Transactional(rollbackOn = Exception.class)
    public StudyOwnership reassignPatient(String studyInstanceUID, String patientId, String issuer, String reason,
                                          String actor, AccessChannel how) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Current current = required(read(c, studyInstanceUID, true));
            SiteIdentity target = SiteIdentity.of(current.identity.source(), issuer, patientId, studyInstanceUID);
            if (target.equals(current.identity)) {
                return current.ownership(); // nothing to change, nothing to audit
            }
            long sitePatient = siteIdentityId(c, target).orElse(-1L);
            if (sitePatient < 0) {
                sitePatient = sitePatients.register(target, current.traits);
            }
            ObjectNode ids = JSON.objectNode();
            ids.set(PATIENT_ID, JSON.objectNode().put("vr", "LO").set("Value", JSON.arrayNode().add(patientId)));
            if (issuer != null) {
                ids.set(ISSUER_OF_PATIENT_ID, JSON.objectNode().put("vr", "LO")
                        .set("Value", JSON.arrayNode().add(issuer)));
            }
            try (PreparedStatement s = c.prepareStatement("""
                    with study_changed as (
                        update study
                           set site_patient_id = ?, patient_id = ?, issuer_of_patient_id = ?,
                               attributes = (attributes - '00100021') || ?::jsonb,
                               revision = nextval('registration_seq'), updated_at = now()
                         where id = ?
                    )
                    update instance
                       set metadata = (metadata - '00100021') || ?::jsonb, updated_at = now()
                     where study_id = ?
                    """)) {
                s.setLong(1, sitePatient);
                s.setString(2, patientId);
                s.setString(3, issuer);
                s.setString(4, ids.toString());
                s.setLong(5, current.id);
                s.setString(6, ids.toString());
                s.setLong(7, current.id);
                s.executeUpdate();
            }
            changes.fire(new StudyChanged(StudyChanged.Action.PATIENT_REASSIGNED, true, actor, how, studyInstanceUID,
                    null, "patient " + cx(current.identity) + " -> " + cx(target) + "; reason: " + reason));
            return required(read(c, studyInstanceUID, false)).ownership();
        }
    }

    /**
     * Takes {@code idNatPs} off the study's prescribers, for good: a later instance naming them
     * does not give the study back (registration leaves out removed prescribers).
     */
    @Transactional(rollbackOn = Exception.class)
    public StudyOwnership removeReferral(String studyInstanceUID, String idNatPs, String reason, String actor,
                                         AccessChannel how) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Current current = required(read(c, studyInstanceUID, true));
            try (PreparedStatement s = c.prepareStatement("""
                    with removed as (
                        insert into study_referral_removal (study_id, idnat_ps, removed_by)
                        values (?, ?, ?)
                        on conflict (study_id, idnat_ps) do nothing
                    )
                    update study
                       set referring_physician_ids = array_remove(referring_physician_ids, ?),
                           revision = nextval('registration_seq'), updated_at = now()
                     where id = ?
                    """)) {
                s.setLong(1, current.id);
                s.setString(2, idNatPs);
                s.setString(3, actor == null ? "unknown" : actor);
                s.setString(4, idNatPs);
                s.setLong(5, current.id);
                s.executeUpdate();
            }
            boolean wasPrescriber = current.referringPhysicianIds.contains(idNatPs);
            changes.fire(new StudyChanged(StudyChanged.Action.REFERRAL_REMOVED, true, actor, how, studyInstanceUID,
                    null, "prescriber " + idNatPs + (wasPrescriber ? "" : " (not a prescriber: kept from being one)")
                            + "; reason: " + reason));
            return required(read(c, studyInstanceUID, false)).ownership();
        }
    }

    private record Current(long id, String studyInstanceUID, SiteIdentity identity, PatientTraits traits,
                           List<String> referringPhysicianIds) {

        StudyOwnership ownership() {
            return new StudyOwnership(studyInstanceUID, identity.source(), blankToNull(identity.patientID()),
                    blankToNull(identity.issuerOfPatientID()), referringPhysicianIds);
        }
    }

    private static Current read(Connection c, String studyInstanceUID, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select st.id, sp.source, sp.issuer_of_patient_id, sp.patient_id, sp.unidentified_study_uid,
                       sp.patient_name, sp.patient_birth_date, sp.patient_sex, st.referring_physician_ids
                  from study st
                  join site_patient sp on sp.id = st.site_patient_id
                 where st.study_instance_uid = ?
                """ + (lock ? " for update of st" : ""))) {
            s.setString(1, studyInstanceUID);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Array ids = rs.getArray(9);
                return new Current(rs.getLong(1), studyInstanceUID,
                        new SiteIdentity(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                        new PatientTraits(rs.getString(6), rs.getString(7), rs.getString(8)),
                        ids == null ? List.of() : Arrays.asList((String[]) ids.getArray()));
            }
        }
    }

    private static Optional<Long> siteIdentityId(Connection c, SiteIdentity identity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select id from site_patient
                 where source = ? and issuer_of_patient_id = ? and patient_id = ? and unidentified_study_uid = ?
                """)) {
            s.setString(1, identity.source());
            s.setString(2, identity.issuerOfPatientID());
            s.setString(3, identity.patientID());
            s.setString(4, identity.unidentifiedStudyUID());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static Current required(Current current) {
        if (current == null) {
            throw ProblemException.notFound("no such study");
        }
        return current;
    }

    /** HL7 CX form, as the audit exports name patients; {@code (none)} for a study without Patient ID. */
    private static String cx(SiteIdentity identity) {
        if (identity.patientID().isEmpty()) {
            return "(none)";
        }
        return identity.issuerOfPatientID().isEmpty() ? identity.patientID()
                : identity.patientID() + "^^^" + identity.issuerOfPatientID();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

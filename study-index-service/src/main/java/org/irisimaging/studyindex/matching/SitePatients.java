package org.irisimaging.studyindex.matching;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Site identities (table {@code site_patient}), each linked to a platform patient by the {@link PatientMatcher}. */
@ApplicationScoped
public class SitePatients {

    private final DataSource dataSource;
    private final PatientMatcher matcher;

    SitePatients(DataSource dataSource, PatientMatcher matcher) {
        this.dataSource = dataSource;
        this.matcher = matcher;
    }

    /**
     * Records that an instance of {@code identity} was received: creates the site identity (and
     * has it matched) the first time, else updates its demographics (latest registration wins).
     * Locks the site identity's row until the end of the transaction: concurrent registrations of
     * the same new patient wait, then find it matched.
     *
     * @return the site identity's id ({@code site_patient.id})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long register(SiteIdentity identity, PatientTraits traits) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long id;
            long platformPatient;
            try (PreparedStatement upsert = c.prepareStatement("""
                    insert into site_patient (source, issuer_of_patient_id, patient_id, unidentified_study_uid,
                                              patient_name, patient_birth_date, patient_sex)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (source, issuer_of_patient_id, patient_id, unidentified_study_uid) do update
                       set patient_name = excluded.patient_name,
                           patient_birth_date = excluded.patient_birth_date,
                           patient_sex = excluded.patient_sex,
                           updated_at = now()
                    returning id, platform_patient_id
                    """)) {
                upsert.setString(1, identity.source());
                upsert.setString(2, identity.issuerOfPatientID());
                upsert.setString(3, identity.patientID());
                upsert.setString(4, identity.unidentifiedStudyUID());
                upsert.setString(5, traits.name());
                upsert.setString(6, traits.birthDate());
                upsert.setString(7, traits.sex());
                try (ResultSet rs = upsert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                    platformPatient = rs.getLong(2);
                    if (!rs.wasNull()) {
                        return id;
                    }
                }
            }
            // New in this transaction: nobody else sees the row before it commits, matched.
            platformPatient = matcher.platformPatientFor(identity, traits);
            try (PreparedStatement link = c.prepareStatement(
                    "update site_patient set platform_patient_id = ? where id = ?")) {
                link.setLong(1, platformPatient);
                link.setLong(2, id);
                link.executeUpdate();
            }
            return id;
        }
    }
}

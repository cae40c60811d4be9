package org.irisimaging.studyindex.matching;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The placeholder {@link PatientMatcher}: a new platform patient for every site identity. */
@ApplicationScoped
@DefaultBean
public class OnePatientPerSiteIdentity implements PatientMatcher {

    private final DataSource dataSource;

    OnePatientPerSiteIdentity(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long platformPatientFor(SiteIdentity identity, PatientTraits traits) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into patient default values returning id");
             ResultSet rs = insert.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a platform patient", e);
        }
    }
}

package org.irisimaging.studyindex.mypatients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.StudyOpened;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Records which studies each practitioner has opened (table {@code study_read}): a study is read
 * from the first time the practitioner retrieved its metadata, which is what a viewer does when
 * it opens it. The prescriber's list ({@link MyPatientsResource}) shows the rest as unread.
 */
@ApplicationScoped
public class StudyReads {

    private static final Logger LOG = Logger.getLogger(StudyReads.class);

    private final DataSource dataSource;

    StudyReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onOpened(@Observes StudyOpened opened) {
        Caller caller = opened.caller();
        if (!caller.hasRole(Roles.PRACTITIONER) || caller.subject() == null) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into study_read (practitioner, study_id)
                     select ?, st.id from study st where st.study_instance_uid = ?
                     on conflict (practitioner, study_id) do nothing
                     """)) {
            s.setString(1, caller.subject());
            s.setString(2, opened.studyInstanceUID());
            s.executeUpdate();
        } catch (SQLException e) {
            // The study is served all the same; it stays unread in the list.
            LOG.warnf(e, "Could not record that study %s was opened", opened.studyInstanceUID());
        }
    }
}

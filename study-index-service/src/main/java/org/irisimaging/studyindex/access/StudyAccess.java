package org.irisimaging.studyindex.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place that decides which studies a caller may see. Every QIDO-RS search and every
 * metadata retrieval adds {@link #visibleStudies} to its SQL, so what a caller may not see is never
 * read: it is absent from searches and answers 404 when asked for by UID, exactly like a study
 * that does not exist.
 *
 * <p>For now only platform administrators see studies (and the resources require that role); the
 * access-grant issue (referral, share codes, teledossiers, oppositions, break-glass) replaces the
 * body of {@link #visibleStudies} with SQL on the grant tables and relaxes the resources' roles.
 */
@ApplicationScoped
public class StudyAccess {

    public static final String PLATFORM_ADMIN = "platform-admin";

    /**
     * The condition a study row must meet for {@code caller} to see it.
     *
     * @param caller     the authenticated caller
     * @param studyAlias the SQL alias of the {@code study} table in the query
     */
    public SqlCondition visibleStudies(SecurityIdentity caller, String studyAlias) {
        if (caller != null && !caller.isAnonymous() && caller.hasRole(PLATFORM_ADMIN)) {
            return SqlCondition.TRUE;
        }
        return SqlCondition.FALSE;
    }
}

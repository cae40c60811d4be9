package org.irisimaging.studyindex.audit;

import org.irisimaging.studyindex.access.Caller;

/**
 * A CDI event: a caller was given (or refused) a study's data. Every data access of the platform is
 * raised as one of these — by the resources that serve searches, metadata, file locations, exports
 * and downloads — and {@link DataAccessAudit} writes each to the audit log: one seam, no scattered
 * log lines.
 *
 * @param caller           who asked
 * @param action           what kind of access (see {@link AccessAction})
 * @param studyInstanceUID the study concerned; null for a search that matched nothing or was refused
 * @param how              how it was asked: endpoint, client, remote address
 * @param succeeded        false when the access was refused (absent or not the caller's to see)
 */
public record DataAccessed(Caller caller, AccessAction action, String studyInstanceUID, AccessChannel how,
        boolean succeeded) {
}

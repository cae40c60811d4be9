package org.irisimaging.studyindex.export;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.audit.AccessAction;
import org.irisimaging.studyindex.audit.DataAccessed;
import org.irisimaging.studyindex.audit.RequestChannel;

/**
 * Raises the audit seam's {@link DataAccessed} for export requests and download authorisations,
 * granted or refused, with the public endpoint and address the gateway reports
 * ({@link RequestChannel}). The audit writer records synchronously and fails closed (503): a
 * granted request is raised inside the job's transaction, so a job whose request could not be
 * recorded is not created; a download is raised before its location is answered.
 */
@RequestScoped
class ExportAudit {

    private final Event<DataAccessed> accessed;
    private final RequestChannel channel;

    ExportAudit(Event<DataAccessed> accessed, RequestChannel channel) {
        this.accessed = accessed;
        this.channel = channel;
    }

    void exportRequested(Caller caller, String studyInstanceUID, boolean succeeded) {
        accessed.fire(new DataAccessed(caller, AccessAction.EXPORT, studyInstanceUID, channel.current(), succeeded));
    }

    void downloadAuthorised(Caller caller, String studyInstanceUID, boolean succeeded) {
        accessed.fire(new DataAccessed(caller, AccessAction.DOWNLOAD, studyInstanceUID, channel.current(), succeeded));
    }
}

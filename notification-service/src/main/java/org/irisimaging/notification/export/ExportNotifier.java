package org.irisimaging.notification.export;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.irisimaging.events.ExportReady;
import org.irisimaging.notification.inbox.Notification;
import org.irisimaging.notification.mail.MailDelivery;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Tells an export's requester it is ready (or failed): an in-app notification with the download
 * link, and an e-mail in their language when the token carried an address. Once per event: the
 * CloudEvents id is recorded in the same transaction as the notification, and the e-mail is sent
 * before that transaction commits, so a failed send leaves nothing recorded and the event goes to
 * the dead-letter topic; a crash between the send and the commit may send it twice (at least once).
 */
@ApplicationScoped
public class ExportNotifier {

    static final String READY = "export-ready";
    static final String FAILED = "export-failed";
    private static final Logger LOG = Logger.getLogger(ExportNotifier.class);

    private final EntityManager em;
    private final MailDelivery mailer;
    private final ExportNotificationConfig config;

    ExportNotifier(EntityManager em, MailDelivery mailer, ExportNotificationConfig config) {
        this.em = em;
        this.mailer = mailer;
        this.config = config;
    }

    /** @return whether the event was new (and notified) */
    @Transactional
    public boolean notify(String eventId, ExportReady event) {
        int inserted = em.createNativeQuery(
                        "insert into processed_event (event_id) values (:id) on conflict (event_id) do nothing")
                .setParameter("id", eventId).executeUpdate();
        if (inserted == 0) {
            return false;
        }
        Language language = Language.of(event.locale());
        boolean ready = event.outcome() == ExportReady.Outcome.READY;
        String studyDate = language.studyDate(event.studyDate());
        String link = ready ? link(event.jobId()) : null;
        TemplateInstance body;
        if (ready) {
            String expiresAt = language.instant(event.expiresAt(), config.timeZone());
            body = language == Language.EN ? ExportMails.Templates.readyEn(studyDate, event.instanceCount(), link, expiresAt)
                    : ExportMails.Templates.readyFr(studyDate, event.instanceCount(), link, expiresAt);
        } else {
            body = language == Language.EN ? ExportMails.Templates.failedEn(studyDate) : ExportMails.Templates.failedFr(studyDate);
        }
        String text = body.render();

        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.recipient = event.requesterSubject();
        notification.kind = ready ? READY : FAILED;
        notification.title = ready ? language.readyTitle : language.failedTitle;
        notification.body = text;
        notification.link = link;
        em.persist(notification);

        if (event.requesterEmail() != null && !event.requesterEmail().isBlank()) {
            mailer.send(Mail.withText(event.requesterEmail(), ready ? language.readySubject : language.failedSubject,
                    text));
        }
        LOG.debugf("Export %s notified (%s)", event.jobId(), notification.kind);
        return true;
    }

    /** {@code <download-base-url>/api/exports/<id>/archive}: the gateway's download. */
    private String link(String jobId) {
        String base = config.downloadBaseUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/api/exports/" + UUID.fromString(jobId) + "/archive";
    }
}

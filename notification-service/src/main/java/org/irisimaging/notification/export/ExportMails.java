package org.irisimaging.notification.export;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The bodies of export notifications, one Qute template per language
 * ({@code templates/ExportMails/*.txt}). They show the study's date, the number of files, the link
 * and the expiry — never a patient's name or birth date: an e-mail leaves the platform.
 */
final class ExportMails {

    private ExportMails() {
    }

    /** Checked at build time: a template missing or using an unknown parameter fails the build. */
    @CheckedTemplate
    static final class Templates {

        private Templates() {
        }

        static native TemplateInstance readyFr(String studyDate, int instanceCount, String link, String expiresAt);

        static native TemplateInstance readyEn(String studyDate, int instanceCount, String link, String expiresAt);

        static native TemplateInstance failedFr(String studyDate);

        static native TemplateInstance failedEn(String studyDate);
    }
}

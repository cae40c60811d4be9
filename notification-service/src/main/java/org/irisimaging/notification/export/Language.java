package org.irisimaging.notification.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The languages notifications are written in: French by default, English when the request said
 * {@code en}. Subjects and in-app titles are here; bodies are Qute templates ({@link ExportMails}).
 */
enum Language {

    FR(Locale.FRENCH, "d MMMM yyyy", "d MMMM yyyy 'à' HH:mm z",
            "Votre export DICOM est prêt", "Votre export DICOM a échoué",
            "Export DICOM prêt", "Export DICOM échoué"),
    EN(Locale.ENGLISH, "d MMMM yyyy", "d MMMM yyyy 'at' HH:mm z",
            "Your DICOM export is ready", "Your DICOM export failed",
            "DICOM export ready", "DICOM export failed");

    final Locale locale;
    private final DateTimeFormatter date;
    private final DateTimeFormatter dateTime;
    final String readySubject;
    final String failedSubject;
    final String readyTitle;
    final String failedTitle;

    Language(Locale locale, String date, String dateTime, String readySubject, String failedSubject,
             String readyTitle, String failedTitle) {
        this.locale = locale;
        this.date = DateTimeFormatter.ofPattern(date, locale);
        this.dateTime = DateTimeFormatter.ofPattern(dateTime, locale);
        this.readySubject = readySubject;
        this.failedSubject = failedSubject;
        this.readyTitle = readyTitle;
        this.failedTitle = failedTitle;
    }

    /** {@code en} is English; anything else, missing included, French. */
    static Language of(String locale) {
        return "en".equalsIgnoreCase(locale) ? EN : FR;
    }

    /** A DICOM date (YYYYMMDD) for people; {@code null} when there is none or it is not a date. */
    String studyDate(String dicomDate) {
        if (dicomDate == null) {
            return null;
        }
        try {
            return LocalDate.parse(dicomDate, DateTimeFormatter.BASIC_ISO_DATE).format(date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    String instant(Instant instant, ZoneId zone) {
        return instant == null ? null : dateTime.format(instant.atZone(zone));
    }
}

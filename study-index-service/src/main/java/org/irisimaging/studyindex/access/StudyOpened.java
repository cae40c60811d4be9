package org.irisimaging.studyindex.access;

/**
 * A CDI event: a caller was served a study's data (today: its metadata, which is what a viewer
 * reads first when it opens a study). Observer: the prescriber's read marks
 * ({@code mypatients.StudyReads}). The audit log has its own event, {@code audit.DataAccessed}.
 *
 * @param caller           who opened it
 * @param studyInstanceUID the study, which the caller may see
 */
public record StudyOpened(Caller caller, String studyInstanceUID) {
}

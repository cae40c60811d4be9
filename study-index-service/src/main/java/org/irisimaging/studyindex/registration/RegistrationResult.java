package org.irisimaging.studyindex.registration;

/**
 * The answer to a registration.
 *
 * @param outcome {@code CREATED} (a new instance: 201), {@code REPLACED} (a re-sent instance whose
 *                file changed: 200) or {@code UNCHANGED} (a re-sent identical file: 200)
 */
public record RegistrationResult(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID,
                                 Outcome outcome) {

    public enum Outcome {
        CREATED, REPLACED, UNCHANGED
    }
}

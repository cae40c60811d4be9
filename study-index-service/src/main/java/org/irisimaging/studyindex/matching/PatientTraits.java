package org.irisimaging.studyindex.matching;

/**
 * What an instance says about its patient, as received (latest registration wins). Patient data:
 * never logged.
 *
 * @param name      Patient's Name (0010,0010), Alphabetic group; null when absent
 * @param birthDate Patient's Birth Date (0010,0030) as written (YYYYMMDD); null when absent
 * @param sex       Patient's Sex (0010,0040); null when absent
 */
public record PatientTraits(String name, String birthDate, String sex) {

    @Override
    public String toString() {
        return "PatientTraits[not logged]";
    }
}

package org.irisimaging.studyindex.qido;

import org.irisimaging.studyindex.attributes.Level;

import java.util.Arrays;
import java.util.Optional;

/**
 * The attributes a QIDO-RS search can match on (PS3.18 Table 10.6.1-5 and more), each with the
 * indexed column that holds it and how its values match. Any other attribute as a query key is a 400.
 */
enum MatchingKey {
    // Study level (patient attributes are kept with the study)
    STUDY_INSTANCE_UID("0020000D", Level.STUDY, Matching.UID, "st.study_instance_uid"),
    STUDY_DATE("00080020", Level.STUDY, Matching.DATE, "st.study_date"),
    STUDY_TIME("00080030", Level.STUDY, Matching.TIME, "st.study_time"),
    ACCESSION_NUMBER("00080050", Level.STUDY, Matching.STRING, "st.accession_number"),
    MODALITIES_IN_STUDY("00080061", Level.STUDY, Matching.CODE_IN_ARRAY, "st.modalities_in_study"),
    REFERRING_PHYSICIAN_NAME("00080090", Level.STUDY, Matching.PERSON_NAME, "st.referring_physician_name_upper",
            "st.referring_physician_name_words"),
    STUDY_DESCRIPTION("00081030", Level.STUDY, Matching.STRING, "st.study_description"),
    PATIENT_NAME("00100010", Level.STUDY, Matching.PERSON_NAME, "st.patient_name_upper", "st.patient_name_words"),
    PATIENT_ID("00100020", Level.STUDY, Matching.STRING, "st.patient_id"),
    ISSUER_OF_PATIENT_ID("00100021", Level.STUDY, Matching.STRING, "st.issuer_of_patient_id"),
    PATIENT_BIRTH_DATE("00100030", Level.STUDY, Matching.DATE, "st.patient_birth_date"),
    PATIENT_SEX("00100040", Level.STUDY, Matching.CODE, "st.patient_sex"),
    STUDY_ID("00200010", Level.STUDY, Matching.STRING, "st.study_id"),
    // Series level
    MODALITY("00080060", Level.SERIES, Matching.CODE, "se.modality"),
    SERIES_DESCRIPTION("0008103E", Level.SERIES, Matching.STRING, "se.series_description"),
    SERIES_INSTANCE_UID("0020000E", Level.SERIES, Matching.UID, "se.series_instance_uid"),
    SERIES_NUMBER("00200011", Level.SERIES, Matching.INTEGER, "se.series_number"),
    PERFORMED_PROCEDURE_STEP_START_DATE("00400244", Level.SERIES, Matching.DATE,
            "se.performed_procedure_step_start_date"),
    // Instance level
    SOP_CLASS_UID("00080016", Level.INSTANCE, Matching.UID, "i.sop_class_uid"),
    SOP_INSTANCE_UID("00080018", Level.INSTANCE, Matching.UID, "i.sop_instance_uid"),
    ACQUISITION_DATE_TIME("0008002A", Level.INSTANCE, Matching.DATE_TIME, "i.acquisition_datetime"),
    INSTANCE_NUMBER("00200013", Level.INSTANCE, Matching.INTEGER, "i.instance_number");

    private final String tag;
    private final Level level;
    private final Matching matching;
    private final String column;
    private final String fuzzyColumn;

    MatchingKey(String tag, Level level, Matching matching, String column) {
        this(tag, level, matching, column, null);
    }

    MatchingKey(String tag, Level level, Matching matching, String column, String fuzzyColumn) {
        this.tag = tag;
        this.level = level;
        this.matching = matching;
        this.column = column;
        this.fuzzyColumn = fuzzyColumn;
    }

    String tag() {
        return tag;
    }

    Level level() {
        return level;
    }

    Matching matching() {
        return matching;
    }

    /** The indexed column (with its table alias: {@code st}, {@code se} or {@code i}). */
    String column() {
        return column;
    }

    /** For person names: the column of fuzzy keys ({@code text[]}, GIN-indexed). */
    String fuzzyColumn() {
        return fuzzyColumn;
    }

    static Optional<MatchingKey> byTag(String tag) {
        return Arrays.stream(values()).filter(k -> k.tag.equals(tag)).findFirst();
    }
}

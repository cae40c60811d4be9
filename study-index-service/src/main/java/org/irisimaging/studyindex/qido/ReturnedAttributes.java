package org.irisimaging.studyindex.qido;

import org.irisimaging.studyindex.attributes.AttributeDictionary;
import org.irisimaging.studyindex.attributes.DicomAttribute;
import org.irisimaging.studyindex.attributes.Level;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which attributes a search returns, and where each comes from.
 *
 * <p>The defaults are PS3.18's (Table 10.6.3-3, -4, -5; §10.6.3.3) for each returned level of the
 * search, plus the UIDs of the entity's study and series; {@code includefield} and matching keys add
 * to them. A stored attribute is read from the row of its level (study attributes from the study,
 * series attributes from the series, anything else from the instance's data set), the counts and
 * ModalitiesInStudy are computed, and Specific Character Set and Timezone Offset From UTC come
 * from the deepest level searched. An attribute asked for that the entity does not have (or that
 * lies below the searched level, such as Modality in a study search) is returned empty
 * ({@code {"vr": ...}}, PS3.4 C.2.2.1.3 return keys), except Specific Character Set and Timezone
 * Offset From UTC, returned only when present.
 *
 * @param studyTags    stored tags read from {@code study.attributes}
 * @param seriesTags   stored tags read from {@code series.attributes}
 * @param instanceTags tags read from {@code instance.metadata}
 * @param allStudy     every stored study attribute ({@code includefield=all})
 * @param allSeries    every stored series attribute
 * @param allInstance  the whole data set of the instance
 * @param computed     computed tags to return
 * @param vrOfMissing  VR of each returned tag, to return it empty when the entity has no value for it
 */
record ReturnedAttributes(Set<String> studyTags, Set<String> seriesTags, Set<String> instanceTags,
                          boolean allStudy, boolean allSeries, boolean allInstance,
                          Set<String> computed, Map<String, String> vrOfMissing) {

    static final String MODALITIES_IN_STUDY = "00080061";
    static final String NUMBER_OF_STUDY_RELATED_SERIES = "00201206";
    static final String NUMBER_OF_STUDY_RELATED_INSTANCES = "00201208";
    static final String NUMBER_OF_SERIES_RELATED_INSTANCES = "00201209";
    static final String INSTANCE_AVAILABILITY = "00080056";
    static final String STUDY_INSTANCE_UID = "0020000D";
    static final String SERIES_INSTANCE_UID = "0020000E";

    private static final List<String> STUDY_DEFAULTS = List.of(
            INSTANCE_AVAILABILITY,
            "00080020", // StudyDate
            "00080030", // StudyTime
            "00080050", // AccessionNumber
            MODALITIES_IN_STUDY,
            "00080090", // ReferringPhysicianName
            AttributeDictionary.TIMEZONE_OFFSET_FROM_UTC,
            "00100010", // PatientName
            "00100020", // PatientID
            "00100030", // PatientBirthDate
            "00100040", // PatientSex
            STUDY_INSTANCE_UID,
            "00200010", // StudyID
            NUMBER_OF_STUDY_RELATED_SERIES,
            NUMBER_OF_STUDY_RELATED_INSTANCES,
            AttributeDictionary.SPECIFIC_CHARACTER_SET);
    private static final List<String> SERIES_DEFAULTS = List.of(
            INSTANCE_AVAILABILITY,
            "00080060", // Modality
            AttributeDictionary.TIMEZONE_OFFSET_FROM_UTC,
            "0008103E", // SeriesDescription
            STUDY_INSTANCE_UID,
            SERIES_INSTANCE_UID,
            "00200011", // SeriesNumber
            NUMBER_OF_SERIES_RELATED_INSTANCES,
            "00400244", // PerformedProcedureStepStartDate
            "00400245", // PerformedProcedureStepStartTime
            "00400275", // RequestAttributesSequence
            AttributeDictionary.SPECIFIC_CHARACTER_SET);
    private static final List<String> INSTANCE_DEFAULTS = List.of(
            INSTANCE_AVAILABILITY,
            "00080016", // SOPClassUID
            "00080018", // SOPInstanceUID
            AttributeDictionary.TIMEZONE_OFFSET_FROM_UTC,
            STUDY_INSTANCE_UID,
            SERIES_INSTANCE_UID,
            "00200013", // InstanceNumber
            "00280008", // NumberOfFrames
            "00280010", // Rows
            "00280011", // Columns
            "00280100", // BitsAllocated
            AttributeDictionary.SPECIFIC_CHARACTER_SET);

    static ReturnedAttributes of(QidoQuery query) {
        Search search = query.search();
        Set<String> requested = new LinkedHashSet<>();
        for (Level level : search.returnedLevels()) {
            requested.addAll(switch (level) {
                case STUDY -> STUDY_DEFAULTS;
                case SERIES -> SERIES_DEFAULTS;
                case INSTANCE -> INSTANCE_DEFAULTS;
            });
        }
        requested.addAll(query.includedTags());

        Set<String> study = new TreeSet<>();
        Set<String> series = new TreeSet<>();
        Set<String> instance = new TreeSet<>();
        Set<String> computed = new TreeSet<>();
        Map<String, String> vrOfMissing = new LinkedHashMap<>();
        for (String tag : requested) {
            DicomAttribute known = AttributeDictionary.byTag(tag).orElse(null);
            Level level = AttributeDictionary.isKeptAtEveryLevel(tag) ? search.level() : AttributeDictionary.levelOf(tag);
            boolean available = level.isAtOrAbove(search.level());
            if (known != null && !AttributeDictionary.isKeptAtEveryLevel(tag)) {
                vrOfMissing.put(tag, known.vr());
            }
            if (!available) {
                continue;
            }
            if (known != null && known.computed()) {
                computed.add(tag);
            } else {
                (switch (level) {
                    case STUDY -> study;
                    case SERIES -> series;
                    case INSTANCE -> instance;
                }).add(tag);
            }
        }
        boolean all = query.includeAll();
        Set<Level> returned = search.returnedLevels();
        if (all) {
            for (Level level : returned) {
                AttributeDictionary.all().values().stream()
                        .filter(a -> a.computed() && a.level() == level)
                        .forEach(a -> computed.add(a.tag()));
            }
        }
        return new ReturnedAttributes(study, series, instance,
                all && returned.contains(Level.STUDY), all && returned.contains(Level.SERIES),
                all && returned.contains(Level.INSTANCE), computed, vrOfMissing);
    }
}

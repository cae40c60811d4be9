package org.irisimaging.studyindex.attributes;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The attributes the index knows by keyword, and at which level it keeps each (PS3.6 keywords,
 * tags and VRs; levels after PS3.4 C.6.1.1 and PS3.3's Patient, General Study, Patient Study,
 * General Series and General Equipment modules).
 *
 * <p>Every other attribute of an instance is kept too (in its DICOM JSON metadata) and can be asked
 * for by tag; this table is only what the index must know by name: query keys, the default return
 * attributes of PS3.18, and common attributes a client may name in {@code includefield}.
 */
public final class AttributeDictionary {

    /** Specific Character Set and Timezone Offset From UTC: kept at every level. */
    public static final String SPECIFIC_CHARACTER_SET = "00080005";
    public static final String TIMEZONE_OFFSET_FROM_UTC = "00080201";

    private static final Pattern TAG = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Map<String, DicomAttribute> BY_KEYWORD = new LinkedHashMap<>();
    private static final Map<String, DicomAttribute> BY_TAG = new LinkedHashMap<>();

    static {
        // Kept at every level (study, series and instance rows), returned from the deepest one.
        study("SpecificCharacterSet", SPECIFIC_CHARACTER_SET, "CS");
        study("TimezoneOffsetFromUTC", TIMEZONE_OFFSET_FROM_UTC, "SH");

        // Patient module (patient level, kept with the study)
        study("PatientName", "00100010", "PN");
        study("PatientID", "00100020", "LO");
        study("IssuerOfPatientID", "00100021", "LO");
        study("TypeOfPatientID", "00100022", "CS");
        study("IssuerOfPatientIDQualifiersSequence", "00100024", "SQ");
        study("PatientBirthDate", "00100030", "DA");
        study("PatientBirthTime", "00100032", "TM");
        study("PatientSex", "00100040", "CS");
        study("OtherPatientNames", "00101001", "PN");
        study("OtherPatientIDsSequence", "00101002", "SQ");
        study("PatientBirthName", "00101005", "PN");
        study("PatientMotherBirthName", "00101060", "PN");
        study("EthnicGroup", "00102160", "SH");
        study("PatientSpeciesDescription", "00102201", "LO");
        study("PatientBreedDescription", "00102292", "LO");
        study("ResponsiblePerson", "00102297", "PN");
        study("PatientComments", "00104000", "LT");
        study("PatientIdentityRemoved", "00120062", "CS");
        study("DeidentificationMethod", "00120063", "LO");
        // General Study and Patient Study modules
        study("StudyDate", "00080020", "DA");
        study("StudyTime", "00080030", "TM");
        study("AccessionNumber", "00080050", "SH");
        study("IssuerOfAccessionNumberSequence", "00080051", "SQ");
        study("ReferringPhysicianName", "00080090", "PN");
        study("ReferringPhysicianIdentificationSequence", "00080096", "SQ");
        study("StudyDescription", "00081030", "LO");
        study("ProcedureCodeSequence", "00081032", "SQ");
        study("PhysiciansOfRecord", "00081048", "PN");
        study("NameOfPhysiciansReadingStudy", "00081060", "PN");
        study("AdmittingDiagnosesDescription", "00081080", "LO");
        study("PatientAge", "00101010", "AS");
        study("PatientSize", "00101020", "DS");
        study("PatientWeight", "00101030", "DS");
        study("Occupation", "00102180", "SH");
        study("AdditionalPatientHistory", "001021B0", "LT");
        study("StudyInstanceUID", "0020000D", "UI");
        study("StudyID", "00200010", "SH");
        // Computed by the index (PS3.4 C.6.1.1.3)
        computed("ModalitiesInStudy", "00080061", "CS", Level.STUDY);
        computed("NumberOfStudyRelatedSeries", "00201206", "IS", Level.STUDY);
        computed("NumberOfStudyRelatedInstances", "00201208", "IS", Level.STUDY);
        // ONLINE once rendered (the study: all its instances), NEARLINE while its rendition runs
        computed("InstanceAvailability", "00080056", "CS", Level.STUDY);

        // General Series and General Equipment modules
        series("Modality", "00080060", "CS");
        series("SeriesDate", "00080021", "DA");
        series("SeriesTime", "00080031", "TM");
        series("Manufacturer", "00080070", "LO");
        series("InstitutionName", "00080080", "LO");
        series("SeriesDescription", "0008103E", "LO");
        series("StationName", "00081010", "SH");
        series("InstitutionalDepartmentName", "00081040", "LO");
        series("PerformingPhysicianName", "00081050", "PN");
        series("OperatorsName", "00081070", "PN");
        series("ManufacturerModelName", "00081090", "LO");
        series("BodyPartExamined", "00180015", "CS");
        series("ProtocolName", "00181030", "LO");
        series("PatientPosition", "00185100", "CS");
        series("SeriesInstanceUID", "0020000E", "UI");
        series("SeriesNumber", "00200011", "IS");
        series("Laterality", "00200060", "CS");
        series("PerformedProcedureStepStartDate", "00400244", "DA");
        series("PerformedProcedureStepStartTime", "00400245", "TM");
        series("PerformedProcedureStepID", "00400253", "SH");
        series("PerformedProcedureStepDescription", "00400254", "LO");
        series("RequestAttributesSequence", "00400275", "SQ");
        computed("NumberOfSeriesRelatedInstances", "00201209", "IS", Level.SERIES);

        // Instance level: the instance's own data set
        instance("ImageType", "00080008", "CS");
        instance("InstanceCreationDate", "00080012", "DA");
        instance("InstanceCreationTime", "00080013", "TM");
        instance("SOPClassUID", "00080016", "UI");
        instance("SOPInstanceUID", "00080018", "UI");
        instance("AcquisitionDate", "00080022", "DA");
        instance("ContentDate", "00080023", "DA");
        instance("AcquisitionDateTime", "0008002A", "DT");
        instance("AcquisitionTime", "00080032", "TM");
        instance("ContentTime", "00080033", "TM");
        instance("ReferencedSeriesSequence", "00081115", "SQ");
        instance("SliceThickness", "00180050", "DS");
        instance("FrameTime", "00181063", "DS");
        instance("AcquisitionNumber", "00200012", "IS");
        instance("InstanceNumber", "00200013", "IS");
        instance("ImagePositionPatient", "00200032", "DS");
        instance("ImageOrientationPatient", "00200037", "DS");
        instance("FrameOfReferenceUID", "00200052", "UI");
        instance("SliceLocation", "00201041", "DS");
        instance("SamplesPerPixel", "00280002", "US");
        instance("PhotometricInterpretation", "00280004", "CS");
        instance("NumberOfFrames", "00280008", "IS");
        instance("Rows", "00280010", "US");
        instance("Columns", "00280011", "US");
        instance("PixelSpacing", "00280030", "DS");
        instance("BitsAllocated", "00280100", "US");
        instance("BitsStored", "00280101", "US");
        instance("HighBit", "00280102", "US");
        instance("PixelRepresentation", "00280103", "US");
        instance("WindowCenter", "00281050", "DS");
        instance("WindowWidth", "00281051", "DS");
        instance("RescaleIntercept", "00281052", "DS");
        instance("RescaleSlope", "00281053", "DS");
        instance("LossyImageCompression", "00282110", "CS");
        instance("DocumentTitle", "00420010", "ST");
        instance("ConceptNameCodeSequence", "0040A043", "SQ");
        instance("CompletionFlag", "0040A491", "CS");
        instance("VerificationFlag", "0040A493", "CS");
        instance("ContentLabel", "00700080", "CS");
        instance("ContentDescription", "00700081", "LO");
    }

    private AttributeDictionary() {
    }

    private static void study(String keyword, String tag, String vr) {
        add(new DicomAttribute(keyword, tag, vr, Level.STUDY, false));
    }

    private static void series(String keyword, String tag, String vr) {
        add(new DicomAttribute(keyword, tag, vr, Level.SERIES, false));
    }

    private static void instance(String keyword, String tag, String vr) {
        add(new DicomAttribute(keyword, tag, vr, Level.INSTANCE, false));
    }

    private static void computed(String keyword, String tag, String vr, Level level) {
        add(new DicomAttribute(keyword, tag, vr, level, true));
    }

    private static void add(DicomAttribute attribute) {
        if (BY_KEYWORD.put(attribute.keyword(), attribute) != null || BY_TAG.put(attribute.tag(), attribute) != null) {
            throw new IllegalStateException("duplicate attribute " + attribute);
        }
    }

    /** The attribute with this keyword ({@code PatientName}, case-sensitive as in PS3.6). */
    public static Optional<DicomAttribute> byKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    /** The attribute with this tag (8 hexadecimal digits, either case), if the dictionary has it. */
    public static Optional<DicomAttribute> byTag(String tag) {
        return Optional.ofNullable(BY_TAG.get(tag.toUpperCase(Locale.ROOT)));
    }

    /** Whether {@code text} has the form of a tag: 8 hexadecimal digits. */
    public static boolean isTag(String text) {
        return TAG.matcher(text).matches();
    }

    /**
     * The level where the index keeps the attribute with this tag: {@link Level#INSTANCE} for any
     * tag the dictionary does not place higher.
     */
    public static Level levelOf(String tag) {
        DicomAttribute a = BY_TAG.get(tag);
        return a == null ? Level.INSTANCE : a.level();
    }

    /** Whether the index keeps this tag at every level (Specific Character Set, Timezone Offset From UTC). */
    public static boolean isKeptAtEveryLevel(String tag) {
        return tag.equals(SPECIFIC_CHARACTER_SET) || tag.equals(TIMEZONE_OFFSET_FROM_UTC);
    }

    /** Tags of the stored (not computed) attributes of {@code level}, as kept in that level's row. */
    public static Set<String> storedTags(Level level) {
        return StoredTags.BY_LEVEL.get(level);
    }

    /** {@link #storedTags} of each level, computed once (every registration asks). */
    private static final class StoredTags {
        static final Map<Level, Set<String>> BY_LEVEL = new EnumMap<>(Level.class);

        static {
            for (Level level : Level.values()) {
                BY_LEVEL.put(level, BY_TAG.values().stream()
                        .filter(a -> (a.level() == level || isKeptAtEveryLevel(a.tag())) && !a.computed())
                        .map(DicomAttribute::tag)
                        .collect(Collectors.toUnmodifiableSet()));
            }
        }
    }

    /** Every attribute of the dictionary, in its order. */
    public static Map<String, DicomAttribute> all() {
        return Collections.unmodifiableMap(BY_TAG);
    }
}

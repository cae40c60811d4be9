package org.irisimaging.studyindex.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.irisimaging.events.InstanceReceived;
import org.irisimaging.studyindex.access.PractitionerIdentifiers;
import org.irisimaging.studyindex.attributes.AttributeDictionary;
import org.irisimaging.studyindex.attributes.DataSet;
import org.irisimaging.studyindex.attributes.DicomDates;
import org.irisimaging.studyindex.attributes.Level;
import org.irisimaging.studyindex.attributes.PersonNames;
import org.irisimaging.studyindex.matching.PatientTraits;
import org.irisimaging.studyindex.matching.SiteIdentity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;

/**
 * An instance as the index stores it: identifiers, file reference, query keys of each level and
 * the DICOM JSON (whole data set, and the study-level and series-level subsets that QIDO-RS returns).
 */
record IndexedInstance(
        String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID, String sopClassUID,
        String transferSyntaxUID, String blobKey, long sizeBytes, String sha256,
        String source, String sourceKind, String remoteAddress, String producingEstablishment,
        SiteIdentity siteIdentity, PatientTraits patientTraits,
        Study study, Series series, Instance instance,
        ObjectNode dataset) {

    /**
     * Study-level (and patient-level) query keys and attributes. {@code referringPhysicianIds}: the
     * idNat_PS of the practitioners named by the Referring Physician Identification Sequence (the
     * study's prescribers, see {@link PractitionerIdentifiers}).
     */
    record Study(String patientID, String issuerOfPatientID, String patientNameUpper, List<String> patientNameWords,
                 LocalDate patientBirthDate, String patientSex, LocalDate studyDate, LocalTime studyTime,
                 String accessionNumber, String studyID, String referringPhysicianNameUpper,
                 List<String> referringPhysicianNameWords, List<String> referringPhysicianIds,
                 String studyDescription, ObjectNode attributes) {
    }

    /** Series-level query keys and attributes. */
    record Series(String modality, Integer seriesNumber, String seriesDescription,
                  LocalDate performedProcedureStepStartDate, ObjectNode attributes) {
    }

    /** Instance-level query keys. */
    record Instance(Integer instanceNumber, LocalDateTime acquisitionDateTime) {
    }

    /**
     * Reads the keys out of a checked registration request from {@code source}, which belongs to
     * {@code producingEstablishment} (null when the source is mapped to none).
     */
    static IndexedInstance of(RegistrationRequest request, DataSet ds, String source, String producingEstablishment) {
        String studyUid = ds.string(Tags.STUDY_INSTANCE_UID).orElseThrow();
        String patientID = ds.string(Tags.PATIENT_ID).orElse(null);
        String issuer = ds.string(Tags.ISSUER_OF_PATIENT_ID).orElse(null);
        String patientName = ds.personName(Tags.PATIENT_NAME)
                .map(pn -> pn.path("Alphabetic").asText(null)).orElse(null);
        Study study = new Study(
                patientID, issuer,
                ds.personName(Tags.PATIENT_NAME).map(PersonNames::upperForm).orElse(null),
                PersonNames.fuzzyKeys(ds.attribute(Tags.PATIENT_NAME).orElse(null)),
                DicomDates.storedDate(ds.string(Tags.PATIENT_BIRTH_DATE).orElse(null)).orElse(null),
                ds.string(Tags.PATIENT_SEX).orElse(null),
                DicomDates.storedDate(ds.string(Tags.STUDY_DATE).orElse(null)).orElse(null),
                DicomDates.storedTime(ds.string(Tags.STUDY_TIME).orElse(null)).orElse(null),
                ds.string(Tags.ACCESSION_NUMBER).orElse(null),
                ds.string(Tags.STUDY_ID).orElse(null),
                ds.personName(Tags.REFERRING_PHYSICIAN_NAME).map(PersonNames::upperForm).orElse(null),
                PersonNames.fuzzyKeys(ds.attribute(Tags.REFERRING_PHYSICIAN_NAME).orElse(null)),
                PractitionerIdentifiers.referringPhysicians(ds.json()),
                ds.string(Tags.STUDY_DESCRIPTION).orElse(null),
                ds.subset(AttributeDictionary.storedTags(Level.STUDY)));
        Series series = new Series(
                ds.string(Tags.MODALITY).orElse(null),
                ds.integer(Tags.SERIES_NUMBER).orElse(null),
                ds.string(Tags.SERIES_DESCRIPTION).orElse(null),
                DicomDates.storedDate(ds.string(Tags.PERFORMED_PROCEDURE_STEP_START_DATE).orElse(null)).orElse(null),
                ds.subset(AttributeDictionary.storedTags(Level.SERIES)));
        Instance instance = new Instance(
                ds.integer(Tags.INSTANCE_NUMBER).orElse(null),
                DicomDates.storedDateTime(ds.string(Tags.ACQUISITION_DATE_TIME).orElse(null)).orElse(null));
        return new IndexedInstance(
                studyUid,
                ds.string(Tags.SERIES_INSTANCE_UID).orElseThrow(),
                ds.string(Tags.SOP_INSTANCE_UID).orElseThrow(),
                ds.string(Tags.SOP_CLASS_UID).orElseThrow(),
                request.transferSyntaxUID(), request.blob().key(), request.blob().sizeBytes(),
                request.blob().sha256().toLowerCase(Locale.ROOT),
                source, request.source().kind(), request.source().remoteAddress(), producingEstablishment,
                SiteIdentity.of(source, issuer, patientID, studyUid),
                new PatientTraits(patientName, ds.string(Tags.PATIENT_BIRTH_DATE).orElse(null),
                        ds.string(Tags.PATIENT_SEX).orElse(null)),
                study, series, instance, ds.json());
    }

    /** The event announcing this instance once registered: what transcode-worker renders from. */
    InstanceReceived received() {
        return new InstanceReceived(studyInstanceUID, seriesInstanceUID, sopInstanceUID, sopClassUID,
                transferSyntaxUID, blobKey, sizeBytes, sha256, sourceKind,
                sourceKind.equals("DIMSE") ? source : null, Instant.now());
    }

    @Override
    public String toString() {
        // UIDs only: no patient data in logs.
        return "IndexedInstance[study=" + studyInstanceUID + ", series=" + seriesInstanceUID
                + ", sop=" + sopInstanceUID + "]";
    }

    /** Tags read at registration. */
    static final class Tags {
        static final String SOP_CLASS_UID = "00080016";
        static final String SOP_INSTANCE_UID = "00080018";
        static final String STUDY_DATE = "00080020";
        static final String ACQUISITION_DATE_TIME = "0008002A";
        static final String STUDY_TIME = "00080030";
        static final String ACCESSION_NUMBER = "00080050";
        static final String MODALITY = "00080060";
        static final String REFERRING_PHYSICIAN_NAME = "00080090";
        static final String STUDY_DESCRIPTION = "00081030";
        static final String SERIES_DESCRIPTION = "0008103E";
        static final String PATIENT_NAME = "00100010";
        static final String PATIENT_ID = "00100020";
        static final String ISSUER_OF_PATIENT_ID = "00100021";
        static final String PATIENT_BIRTH_DATE = "00100030";
        static final String PATIENT_SEX = "00100040";
        static final String STUDY_INSTANCE_UID = "0020000D";
        static final String SERIES_INSTANCE_UID = "0020000E";
        static final String STUDY_ID = "00200010";
        static final String SERIES_NUMBER = "00200011";
        static final String INSTANCE_NUMBER = "00200013";
        static final String PERFORMED_PROCEDURE_STEP_START_DATE = "00400244";

        private Tags() {
        }
    }
}

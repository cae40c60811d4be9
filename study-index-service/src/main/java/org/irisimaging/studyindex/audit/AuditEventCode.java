package org.irisimaging.studyindex.audit;

import java.util.Map;

/**
 * How an audit line is coded in the standard exports: the DICOM audit message event (PS3.15 A.5.3,
 * codes of PS3.16 CID 400/401, also FHIR AuditEvent.type) and the event action code (C, R, U, D, E).
 *
 * <p>Choices (docs/security.md): metadata and rendered images are "DICOM Instances Accessed" (read);
 * a retrieval of files and the download of an export package are "DICOM Instances Transferred" (the
 * data leaves the platform); an export request is "Export"; a sign-in is "User Authentication" with
 * the "Login" subtype, a sign-out the same with the "Logout" subtype.
 *
 * @param code    the DCM code value
 * @param meaning the DCM code meaning
 * @param action  the EventActionCode
 */
public record AuditEventCode(String code, String meaning, String action) {

    /** The DICOM coding scheme, as PS3.15 names it and as FHIR names its code system. */
    public static final String DCM = "DCM";
    public static final String DCM_SYSTEM = "http://dicom.nema.org/resources/ontology/DCM";
    /** Subtype of a sign-in: Login (110122). */
    public static final AuditEventCode LOGIN = new AuditEventCode("110122", "Login", "E");
    /** Subtype of a sign-out (also a User Authentication event): Logout (110123). */
    public static final AuditEventCode LOGOUT = new AuditEventCode("110123", "Logout", "E");

    private static final Map<String, AuditEventCode> BY_ACTION = Map.of(
            AuditLog.SIGN_IN, new AuditEventCode("110114", "User Authentication", "E"),
            AccessAction.QUERY.code(), new AuditEventCode("110112", "Query", "E"),
            AccessAction.METADATA.code(), new AuditEventCode("110103", "DICOM Instances Accessed", "R"),
            AccessAction.RENDERED.code(), new AuditEventCode("110103", "DICOM Instances Accessed", "R"),
            AccessAction.RETRIEVE.code(), new AuditEventCode("110104", "DICOM Instances Transferred", "R"),
            AccessAction.DOWNLOAD.code(), new AuditEventCode("110104", "DICOM Instances Transferred", "R"),
            AccessAction.EXPORT.code(), new AuditEventCode("110106", "Export", "R"),
            // ADR 0018: a refused store is an attempted creation; corrections update the records
            StudyChanged.Action.REGISTRATION_REFUSED.code(),
            new AuditEventCode("110104", "DICOM Instances Transferred", "C"),
            StudyChanged.Action.PATIENT_REASSIGNED.code(), new AuditEventCode("110110", "Patient Record", "U"),
            StudyChanged.Action.REFERRAL_REMOVED.code(), new AuditEventCode("110111", "Procedure Record", "U"));

    /** The coding of an audit line's action. */
    public static AuditEventCode of(String action) {
        AuditEventCode code = BY_ACTION.get(AuditLog.SIGN_OUT.equals(action) ? AuditLog.SIGN_IN : action);
        if (code == null) {
            throw new IllegalArgumentException("no audit coding for action " + action);
        }
        return code;
    }

    /** The EventTypeCode (FHIR subtype) of a User Authentication line: Login or Logout; null for other actions. */
    public static AuditEventCode subtype(String action) {
        return switch (action) {
            case AuditLog.SIGN_IN -> LOGIN;
            case AuditLog.SIGN_OUT -> LOGOUT;
            default -> null;
        };
    }

    /** EventOutcomeIndicator: 0 success, 4 minor failure (a refused access, a failed sign-in). */
    public static String outcomeIndicator(AuditRecord record) {
        return record.succeeded() ? "0" : "4";
    }

    /** A patient identifier in HL7 CX form (ID^^^assigning authority), as PS3.15 A.5.2 asks. */
    public static String patientCx(AuditRecord record) {
        if (record.issuerOfPatientId() == null || record.issuerOfPatientId().isEmpty()) {
            return record.patientId();
        }
        return record.patientId() + "^^^" + record.issuerOfPatientId();
    }
}

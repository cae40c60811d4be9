package org.irisimaging.studyindex.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Audit lines as FHIR R4 AuditEvent resources (and a searchset Bundle of them), coded like the
 * DICOM audit messages ({@link AuditEventCode}): the requesting agent, the source, and the study,
 * the patient and, for a search, the query as entities. A folded line's repeats are its
 * {@code period} and a {@value #REPEAT_COUNT} extension.
 */
public final class FhirAuditEvents {

    public static final String MEDIA_TYPE = "application/fhir+json";
    static final String REPEAT_COUNT = "urn:iris:fhir:StructureDefinition:audit-repeat-count";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FhirAuditEvents() {
    }

    public static ObjectNode bundle(List<AuditRecord> records, String auditSourceId) {
        ObjectNode bundle = JSON.objectNode().put("resourceType", "Bundle").put("type", "searchset")
                .put("total", records.size());
        ArrayNode entries = bundle.putArray("entry");
        for (AuditRecord record : records) {
            entries.addObject().set("resource", of(record, auditSourceId));
        }
        return bundle;
    }

    public static ObjectNode of(AuditRecord record, String auditSourceId) {
        AuditEventCode event = AuditEventCode.of(record.action());
        ObjectNode audit = JSON.objectNode().put("resourceType", "AuditEvent").put("id", Long.toString(record.id()));
        coding(audit.putObject("type"), AuditEventCode.DCM_SYSTEM, event.code(), event.meaning());
        AuditEventCode subtype = AuditEventCode.subtype(record.action());
        if (subtype != null) {
            coding(audit.putArray("subtype").addObject(), AuditEventCode.DCM_SYSTEM, subtype.code(), subtype.meaning());
        }
        audit.put("action", event.action());
        if (record.lastOccurredAt() != null) {
            audit.putObject("period").put("start", record.occurredAt().toString())
                    .put("end", record.lastOccurredAt().toString());
            audit.putArray("extension").addObject().put("url", REPEAT_COUNT).put("valueInteger", record.repeatCount());
        }
        audit.put("recorded", record.occurredAt().toString());
        audit.put("outcome", AuditEventCode.outcomeIndicator(record));
        if (record.failureReason() != null) {
            audit.put("outcomeDesc", record.failureReason());
        }

        ObjectNode agent = audit.putArray("agent").addObject();
        agent.putObject("who").putObject("identifier").put("value", record.actor() == null ? "unknown" : record.actor());
        if (record.clientId() != null) {
            agent.put("altId", record.clientId());
        }
        agent.put("requestor", true);
        if (record.remoteAddress() != null) {
            agent.putObject("network").put("address", record.remoteAddress()).put("type", "2");
        }

        ObjectNode source = audit.putObject("source");
        source.put("site", auditSourceId);
        source.putObject("observer").put("display", auditSourceId);
        coding(source.putArray("type").addObject(), "http://terminology.hl7.org/CodeSystem/security-source-type", "4",
                "Application Server");

        ArrayNode entities = JSON.arrayNode();
        if (record.studyInstanceUID() != null) {
            ObjectNode study = entities.addObject();
            study.putObject("what").putObject("identifier").put("system", "urn:dicom:uid")
                    .put("value", "urn:oid:" + record.studyInstanceUID());
            coding(study.putObject("type"), ENTITY_TYPE, "2", "System Object");
            coding(study.putObject("role"), OBJECT_ROLE, "3", "Report");
        }
        if (record.patientId() != null) {
            ObjectNode patient = entities.addObject();
            ObjectNode identifier = patient.putObject("what").putObject("identifier").put("value", record.patientId());
            if (record.issuerOfPatientId() != null && !record.issuerOfPatientId().isEmpty()) {
                identifier.putObject("assigner").put("display", record.issuerOfPatientId());
            }
            coding(patient.putObject("type"), ENTITY_TYPE, "1", "Person");
            coding(patient.putObject("role"), OBJECT_ROLE, "1", "Patient");
        }
        if (AccessAction.QUERY.code().equals(record.action()) && record.endpoint() != null) {
            ObjectNode query = entities.addObject();
            coding(query.putObject("type"), ENTITY_TYPE, "2", "System Object");
            coding(query.putObject("role"), OBJECT_ROLE, "24", "Query");
            query.put("description", "QIDO-RS");
            query.put("query", Base64.getEncoder().encodeToString(record.endpoint().getBytes(StandardCharsets.UTF_8)));
        }
        if (!entities.isEmpty()) {
            audit.set("entity", entities);
        }
        return audit;
    }

    private static void coding(ObjectNode target, String system, String code, String display) {
        target.put("system", system).put("code", code).put("display", display);
    }
}

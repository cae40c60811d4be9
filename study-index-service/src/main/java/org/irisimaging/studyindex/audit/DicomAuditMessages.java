package org.irisimaging.studyindex.audit;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An audit line as a DICOM audit message (PS3.15 A.5, the RFC 3881-derived schema used by IHE ATNA):
 * EventIdentification, the requesting user as ActiveParticipant, the audit source, and the study
 * (Study Instance UID), the patient (CX) and, for a search, the search URI and its query string as
 * participant objects.
 */
public final class DicomAuditMessages {

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private DicomAuditMessages() {
    }

    public static String of(AuditRecord record, String auditSourceId) {
        AuditEventCode event = AuditEventCode.of(record.action());
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("AuditMessage");

            xml.writeStartElement("EventIdentification");
            xml.writeAttribute("EventActionCode", event.action());
            xml.writeAttribute("EventDateTime", record.occurredAt().toString());
            xml.writeAttribute("EventOutcomeIndicator", AuditEventCode.outcomeIndicator(record));
            code(xml, "EventID", event.code(), AuditEventCode.DCM, event.meaning());
            AuditEventCode subtype = AuditEventCode.subtype(record.action());
            if (subtype != null) {
                code(xml, "EventTypeCode", subtype.code(), AuditEventCode.DCM, subtype.meaning());
            }
            if (record.failureReason() != null) {
                xml.writeStartElement("EventOutcomeDescription");
                xml.writeCharacters(record.failureReason());
                xml.writeEndElement();
            }
            xml.writeEndElement();

            xml.writeStartElement("ActiveParticipant");
            xml.writeAttribute("UserID", record.actor() == null ? "unknown" : record.actor());
            if (record.clientId() != null) {
                xml.writeAttribute("AlternativeUserID", record.clientId());
            }
            xml.writeAttribute("UserIsRequestor", "true");
            if (record.remoteAddress() != null) {
                xml.writeAttribute("NetworkAccessPointID", record.remoteAddress());
                xml.writeAttribute("NetworkAccessPointTypeCode", "2"); // an IP address
            }
            xml.writeEndElement();

            xml.writeStartElement("AuditSourceIdentification");
            xml.writeAttribute("AuditSourceID", auditSourceId);
            code(xml, "AuditSourceTypeCode", "4", "DCM", "Application Server Process");
            xml.writeEndElement();

            if (record.studyInstanceUID() != null) {
                participant(xml, record.studyInstanceUID(), "2", "3");
                code(xml, "ParticipantObjectIDTypeCode", "110180", AuditEventCode.DCM, "Study Instance UID");
                xml.writeEndElement();
            }
            if (record.patientId() != null) {
                participant(xml, AuditEventCode.patientCx(record), "1", "1");
                code(xml, "ParticipantObjectIDTypeCode", "2", "RFC-3881", "Patient Number");
                xml.writeEndElement();
            }
            if (AccessAction.QUERY.code().equals(record.action()) && record.endpoint() != null) {
                // the search: its URI as the object, its query string (base64) as the query
                String endpoint = record.endpoint();
                int query = endpoint.indexOf('?');
                participant(xml, query < 0 ? endpoint : endpoint.substring(0, query), "2", "24");
                code(xml, "ParticipantObjectIDTypeCode", "12", "RFC-3881", "URI");
                xml.writeStartElement("ParticipantObjectQuery");
                xml.writeCharacters(Base64.getEncoder().encodeToString(
                        (query < 0 ? "" : endpoint.substring(query + 1)).getBytes(StandardCharsets.UTF_8)));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("audit message could not be written", e);
        }
        return text.toString();
    }

    private static void participant(XMLStreamWriter xml, String id, String typeCode, String role)
            throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectIdentification");
        xml.writeAttribute("ParticipantObjectID", id);
        xml.writeAttribute("ParticipantObjectTypeCode", typeCode);
        xml.writeAttribute("ParticipantObjectTypeCodeRole", role);
    }

    private static void code(XMLStreamWriter xml, String element, String code, String scheme, String meaning)
            throws XMLStreamException {
        xml.writeEmptyElement(element);
        xml.writeAttribute("csd-code", code);
        xml.writeAttribute("codeSystemName", scheme);
        xml.writeAttribute("originalText", meaning);
    }
}

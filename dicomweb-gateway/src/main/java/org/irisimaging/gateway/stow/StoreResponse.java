package org.irisimaging.gateway.stow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.gateway.ingest.FailureReason;
import org.irisimaging.gateway.ingest.IngestOutcome;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The STOW-RS response data set (PS3.18 §10.5.3) in DICOM JSON: Retrieve URL (0008,1190),
 * Referenced SOP Sequence (0008,1199) and Failed SOP Sequence (0008,1198) with Failure Reason
 * (0008,1197).
 */
final class StoreResponse {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String baseUrl;
    private final ArrayNode referenced = JSON.arrayNode();
    private final ArrayNode failed = JSON.arrayNode();
    private final Set<String> studies = new LinkedHashSet<>();

    StoreResponse(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void stored(IngestOutcome outcome) {
        studies.add(outcome.studyInstanceUid());
        ObjectNode item = JSON.objectNode();
        item.set("00081150", uid(outcome.sopClassUid()));
        item.set("00081155", uid(outcome.sopInstanceUid()));
        item.set("00081190", element("UR", baseUrl + "/studies/" + outcome.studyInstanceUid() + "/series/"
                + outcome.seriesInstanceUid() + "/instances/" + outcome.sopInstanceUid()));
        referenced.add(item);
    }

    /** A refused instance; its UIDs are reported when it could be read at all. */
    void failed(Path file, FailureReason reason) {
        ObjectNode item = JSON.objectNode();
        try {
            DicomFile dicom = DicomFile.readSkippingPixelData(file);
            if (dicom.sopClassUid() != null) {
                item.set("00081150", uid(dicom.sopClassUid()));
            }
            if (dicom.sopInstanceUid() != null) {
                item.set("00081155", uid(dicom.sopInstanceUid()));
            }
        } catch (Exception unreadable) {
            // Cannot understand: no UIDs to report.
        }
        ObjectNode code = JSON.objectNode();
        code.put("vr", "US");
        code.set("Value", JSON.arrayNode().add(reason.code()));
        item.set("00081197", code);
        failed.add(item);
    }

    Response build(String study) {
        ObjectNode dataset = JSON.objectNode();
        String target = study != null ? study : studies.size() == 1 ? studies.iterator().next() : null;
        if (target != null && !referenced.isEmpty()) {
            dataset.set("00081190", element("UR", baseUrl + "/studies/" + target));
        }
        if (!failed.isEmpty()) {
            dataset.set("00081198", sequence(failed));
        }
        if (!referenced.isEmpty()) {
            dataset.set("00081199", sequence(referenced));
        }
        int status = failed.isEmpty() ? 200 : referenced.isEmpty() ? 409 : 202;
        return Response.status(status).type("application/dicom+json").entity(dataset.toString()).build();
    }

    private static ObjectNode uid(String value) {
        return element("UI", value);
    }

    private static ObjectNode element(String vr, String value) {
        ObjectNode node = JSON.objectNode();
        node.put("vr", vr);
        node.set("Value", JSON.arrayNode().add(value));
        return node;
    }

    private static ObjectNode sequence(ArrayNode items) {
        ObjectNode node = JSON.objectNode();
        node.put("vr", "SQ");
        node.set("Value", items);
        return node;
    }
}

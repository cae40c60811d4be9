package org.irisimaging.studyindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.DicomJson;
import org.irisimaging.testsupport.PydicomCorpus;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;


/**
 * Test data sets: real DICOM files of the pydicom corpus (Debian package python3-pydicom,
 * installed by scripts/bootstrap.sh) converted to DICOM JSON by the project's DICOM library, as the
 * gateway does, and edited per test (fresh UIDs, chosen patient and study attributes).
 */
public final class Samples {

    public static final String CT_SMALL = "test_files/CT_small.dcm";
    public static final String MR_SMALL = "test_files/MR_small.dcm";
    public static final String CHR_FREN = "charset_files/chrFren.dcm";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, ObjectNode> CACHE = new HashMap<>();

    private Samples() {
    }

    /** The DICOM JSON of a pydicom corpus file (a fresh copy); skips the test when the corpus is absent. */
    public static synchronized ObjectNode dataset(String relative) {
        ObjectNode cached = CACHE.get(relative);
        if (cached == null) {
            try {
                String json = DicomJson.toJson(DicomFile.read(PydicomCorpus.file(relative))).toString();
                cached = (ObjectNode) MAPPER.readTree(json);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + relative, e);
            }
            CACHE.put(relative, cached);
        }
        return cached.deepCopy();
    }

    /** A new UID under the UUID-derived root 2.25 (PS3.5 B.2). */
    public static String uid() {
        UUID u = UUID.randomUUID();
        BigInteger value = new BigInteger(1, HexFormat.of().parseHex(u.toString().replace("-", "")));
        return "2.25." + value;
    }

    /** Replaces the Study, Series and SOP Instance UIDs. */
    public static ObjectNode withUids(ObjectNode ds, String study, String series, String sop) {
        set(ds, "0020000D", "UI", study);
        set(ds, "0020000E", "UI", series);
        set(ds, "00080018", "UI", sop);
        return ds;
    }

    /** Sets a string (or number, for IS/US/DS given as Number) attribute. */
    public static ObjectNode set(ObjectNode ds, String tag, String vr, Object... values) {
        ObjectNode attribute = NODES.objectNode().put("vr", vr);
        if (values.length > 0) {
            ArrayNode array = attribute.putArray("Value");
            for (Object v : values) {
                if (v instanceof Integer i) {
                    array.add(i);
                } else if (v instanceof JsonNode n) {
                    array.add(n);
                } else {
                    array.add(String.valueOf(v));
                }
            }
        }
        ds.set(tag, attribute);
        return ds;
    }

    /**
     * Makes {@code ds} an instance of patient {@code patientId} without issuer: instances of one
     * study must share their patient (ADR 0018), and the corpus files each have their own.
     */
    public static ObjectNode patient(ObjectNode ds, String patientId) {
        ds.remove("00100021");
        return set(ds, "00100020", "LO", patientId);
    }

    /** Sets a PN attribute's Alphabetic group. */
    public static ObjectNode setName(ObjectNode ds, String tag, String alphabetic) {
        return set(ds, tag, "PN", NODES.objectNode().put("Alphabetic", alphabetic));
    }

    /**
     * Sets the Referring Physician Identification Sequence (0008,0096): one item per practitioner,
     * each with one Person Identification Code Sequence (0040,1101) item {@code scheme}/{@code value}
     * (pairs: scheme, value, scheme, value...).
     */
    public static ObjectNode setReferringPhysicianIds(ObjectNode ds, String... schemeValuePairs) {
        ArrayNode physicians = NODES.arrayNode();
        for (int i = 0; i < schemeValuePairs.length; i += 2) {
            ObjectNode code = NODES.objectNode();
            set(code, "00080100", "SH", schemeValuePairs[i + 1]);
            set(code, "00080102", "SH", schemeValuePairs[i]);
            set(code, "00080104", "LO", "Referring physician");
            ObjectNode physician = NODES.objectNode();
            physician.putObject("00401101").put("vr", "SQ").putArray("Value").add(code);
            physicians.add(physician);
        }
        ObjectNode sequence = NODES.objectNode().put("vr", "SQ");
        sequence.set("Value", physicians);
        ds.set("00080096", sequence);
        return ds;
    }

    /** A registration request for {@code dataset} as the gateway sends it. */
    public static ObjectNode request(ObjectNode dataset, String kind, String callingAeTitle) {
        ObjectNode request = NODES.objectNode();
        request.putObject("source").put("kind", kind).put("callingAeTitle", callingAeTitle)
                .put("remoteAddress", "127.0.0.1");
        String study = dataset.path("0020000D").path("Value").path(0).asText();
        String series = dataset.path("0020000E").path("Value").path(0).asText();
        String sop = dataset.path("00080018").path("Value").path(0).asText();
        request.putObject("blob").put("key", "instances/" + study + "/" + series + "/" + sop + ".dcm")
                .put("sizeBytes", 1000 + dataset.toString().length())
                .put("sha256", sha256(dataset.toString()));
        request.put("transferSyntaxUID", "1.2.840.10008.1.2.1");
        request.set("dataset", dataset);
        return request;
    }

    /** A DIMSE registration from AE title STORESCU. */
    public static ObjectNode request(ObjectNode dataset) {
        return request(dataset, "DIMSE", "STORESCU");
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.irisimaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.json.Json;
import javax.json.JsonArray;
import javax.json.JsonObject;
import javax.json.JsonValue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DicomJsonTest {

    private static final Pattern TAG = Pattern.compile("[0-9A-F]{8}");

    @Test
    void frenchPatientNameIsDecodedAsAnAlphabeticPersonName() throws Exception {
        JsonObject json = DicomJson.toJson(DicomFile.read(PydicomCorpus.file("charset_files/chrFren.dcm")));

        assertEquals(Json.createArrayBuilder().add("ISO_IR 100").build(), json.getJsonObject("00080005").getJsonArray("Value"));
        JsonObject patientName = json.getJsonObject("00100010");
        assertEquals("PN", patientName.getString("vr"));
        assertEquals(Json.createArrayBuilder().add(Json.createObjectBuilder().add("Alphabetic", "Buc^Jérôme")).build(),
                patientName.getJsonArray("Value"));
        // and it survives serialisation as UTF-8
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomJson.write(json, out);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"Alphabetic\":\"Buc^Jérôme\""));
    }

    /**
     * Patient name of every character set file of the corpus, as pydicom documents it; the two
     * chrSQEncoding files hold it in an item of Requested Procedure Code Sequence (0032,1064), one
     * with its own Specific Character Set, one inheriting the data set's.
     */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("chrArab.dcm", "قباني^لنزار"),
            Map.entry("chrFren.dcm", "Buc^Jérôme"),
            Map.entry("chrFrenMulti.dcm", "Buc^Jérôme"),
            Map.entry("chrGerm.dcm", "Äneas^Rüdiger"),
            Map.entry("chrGreek.dcm", "Διονυσιος"),
            Map.entry("chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
            Map.entry("chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
            Map.entry("chrHbrw.dcm", "שרון^דבורה"),
            Map.entry("chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동"),
            Map.entry("chrJapMulti.dcm", "やまだ^たろう"),
            Map.entry("chrJapMultiExplicitIR6.dcm", "やまだ^たろう"),
            Map.entry("chrKoreanMulti.dcm", "김희중"),
            Map.entry("chrRuss.dcm", "Люкceмбypг"),
            Map.entry("chrSQEncoding.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
            Map.entry("chrSQEncoding1.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
            Map.entry("chrX1.dcm", "Wang^XiaoDong=王^小東"),
            Map.entry("chrX2.dcm", "Wang^XiaoDong=王^小东"));

    /** Each character set file's patient name, also checked against dcmtk's conversion to UTF-8. */
    @TestFactory
    Stream<DynamicTest> personNamesInEveryCharacterSet() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(PydicomCorpus.charsetFiles())) {
            files = s.filter(p -> p.getFileName().toString().matches("chr.*\\.dcm")).sorted().toList();
        }
        assertEquals(NAMES.keySet(), files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        return files.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            String expected = NAMES.get(file.getFileName().toString());
            Dcmdump.Dump reference = Dcmdump.dump(file, StandardCharsets.UTF_8, "+U8");
            // dcmtk's iconv here cannot convert ISO 2022 IR 87 / IR 159 (Japanese); where it can, it agrees.
            if (reference.ok() && reference.has("0010,0010")) {
                assertEquals(expected, stripTrailingEquals(reference.value("0010,0010")), "dcmdump +U8");
            }
            JsonObject json = DicomJson.toJson(DicomFile.read(file));
            JsonObject holder = json.containsKey("00100010") ? json
                    : json.getJsonObject("00321064").getJsonArray("Value").getJsonObject(0);
            JsonObject name = holder.getJsonObject("00100010").getJsonArray("Value").getJsonObject(0);
            assertEquals(expected, joined(name));
        }));
    }

    @Test
    void japaneseIso2022NameHasItsThreeComponentGroups() throws Exception {
        JsonObject name = DicomJson.toJson(DicomFile.read(PydicomCorpus.file("charset_files/chrH31.dcm")))
                .getJsonObject("00100010").getJsonArray("Value").getJsonObject(0);
        assertEquals("Yamada^Tarou", name.getString("Alphabetic"));
        assertEquals("山田^太郎", name.getString("Ideographic"));
        assertEquals("やまだ^たろう", name.getString("Phonetic"));
    }

    @Test
    void followsTheDicomJsonModel() throws Exception {
        DicomFile file = DicomFile.read(PydicomCorpus.file("test_files/CT_small.dcm"));
        JsonObject json = DicomJson.toJson(file);

        assertEquals(file.studyInstanceUid(), json.getJsonObject("0020000D").getJsonArray("Value").getString(0));
        assertEquals("UI", json.getJsonObject("0020000D").getString("vr"));
        // no meta information, group length or bulk pixel data
        assertTrue(json.keySet().stream().noneMatch(k -> k.startsWith("0002")), json.keySet().toString());
        assertTrue(json.keySet().stream().noneMatch(k -> k.endsWith("0000")), json.keySet().toString());
        assertFalse(json.containsKey("7FE00010"));
        // IS / DS / US are JSON numbers
        assertEquals(JsonValue.ValueType.NUMBER, firstValue(json, "00280010").getValueType()); // Rows, US
        assertEquals(128, json.getJsonObject("00280010").getJsonArray("Value").getInt(0));
        assertEquals(JsonValue.ValueType.NUMBER, firstValue(json, "00200013").getValueType()); // InstanceNumber, IS
        assertEquals(JsonValue.ValueType.NUMBER, firstValue(json, "00180050").getValueType()); // SliceThickness, DS

        assertStandard(json);
        // round trip through text
        JsonObject reparsed = Json.createReader(new StringReader(DicomJson.toJsonString(file.attributes()))).readObject();
        assertEquals(json, reparsed);
    }

    @Test
    void sequencesAndPrivateAttributesFollowTheModelToo() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String name : List.of("test_files/rtplan.dcm", "test_files/test-SR.dcm", "test_files/priv_SQ.dcm",
                "test_files/UN_sequence.dcm", "charset_files/chrSQEncoding.dcm", "test_files/waveform_ecg.dcm")) {
            JsonObject json = DicomJson.toJson(DicomFile.read(PydicomCorpus.file(name)));
            assertStandard(json);
            checked.add(name);
        }
        JsonObject plan = DicomJson.toJson(DicomFile.read(PydicomCorpus.file("test_files/rtplan.dcm")));
        JsonObject beam = plan.getJsonObject("300A00B0").getJsonArray("Value").getJsonObject(0); // BeamSequence
        assertEquals("SQ", plan.getJsonObject("300A00B0").getString("vr"));
        assertTrue(beam.containsKey("300A00C0"), beam.keySet().toString()); // BeamNumber
        assertEquals(6, checked.size());
    }

    /** Upper-case 8-digit tags, a "vr" on every attribute, only standard members, recursively. */
    private static void assertStandard(JsonObject dataSet) {
        for (Map.Entry<String, JsonValue> e : dataSet.entrySet()) {
            assertTrue(TAG.matcher(e.getKey()).matches(), "tag " + e.getKey());
            JsonObject attribute = e.getValue().asJsonObject();
            assertTrue(attribute.containsKey("vr"), "vr of " + e.getKey());
            assertTrue(List.of("vr", "Value", "InlineBinary", "BulkDataURI").containsAll(attribute.keySet()),
                    e.getKey() + " " + attribute.keySet());
            String vr = attribute.getString("vr");
            if (attribute.containsKey("Value")) {
                JsonArray values = attribute.getJsonArray("Value");
                for (JsonValue v : values) {
                    if (vr.equals("SQ")) {
                        assertStandard(v.asJsonObject());
                    } else if (vr.equals("PN") && v.getValueType() == JsonValue.ValueType.OBJECT) {
                        assertTrue(List.of("Alphabetic", "Ideographic", "Phonetic").containsAll(v.asJsonObject().keySet()));
                    }
                }
            }
        }
    }

    private static JsonValue firstValue(JsonObject json, String tag) {
        return json.getJsonObject(tag).getJsonArray("Value").get(0);
    }

    private static String joined(JsonObject personName) {
        String s = personName.getString("Alphabetic", "") + "=" + personName.getString("Ideographic", "") + "="
                + personName.getString("Phonetic", "");
        return stripTrailingEquals(s);
    }

    private static String stripTrailingEquals(String s) {
        return s.replaceAll("=+$", "");
    }
}

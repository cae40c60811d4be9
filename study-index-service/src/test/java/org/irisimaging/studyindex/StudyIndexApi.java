package org.irisimaging.studyindex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import org.irisimaging.testsupport.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls to the service as its clients make them: the gateway (role ingest) and an administrator. */
public final class StudyIndexApi {

    public static final String GATEWAY = TestTokens.issue("dicomweb-gateway", "ingest");
    public static final String ADMIN = TestTokens.issue("admin-1", "platform-admin");

    private StudyIndexApi() {
    }

    /** POST /api/instances with the gateway's token. */
    public static Response register(ObjectNode request) {
        return given().auth().oauth2(GATEWAY).contentType("application/json").body(request.toString())
                .post("/api/instances");
    }

    /** Registers and checks it was created. */
    public static void registerNew(ObjectNode dataset) {
        Response r = register(Samples.request(dataset));
        if (r.statusCode() != 201) {
            throw new AssertionError("registration: " + r.statusCode() + " " + r.asString());
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The DICOM JSON array of a response. */
    public static List<JsonNode> results(Response response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200: " + response.statusCode() + " " + response.asString());
        }
        try {
            List<JsonNode> results = new ArrayList<>();
            MAPPER.readTree(response.asByteArray()).forEach(results::add);
            return results;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The first value of {@code tag} in each result, as text (null when it has none). */
    public static List<String> firstValues(Response response, String tag) {
        List<String> values = new ArrayList<>();
        for (JsonNode result : results(response)) {
            JsonNode v = result.path(tag).path("Value").path(0);
            values.add(v.isMissingNode() ? null : v.isObject() ? v.path("Alphabetic").asText() : v.asText());
        }
        return values;
    }

    /**
     * A problem response as a map without its {@code instance} (the request path): what must be
     * the same for a study the caller may not see and one that does not exist.
     */
    public static Map<String, Object> problem(Response response) {
        if (!response.contentType().startsWith("application/problem+json")) {
            throw new AssertionError("not a problem: " + response.statusCode() + " " + response.asString());
        }
        Map<String, Object> problem = new java.util.LinkedHashMap<>(response.jsonPath().getMap("$"));
        problem.remove("instance");
        return problem;
    }

    /** A QIDO-RS search as an administrator. */
    public static Response qido(String path, Map<String, ?> query) {
        return given().auth().oauth2(ADMIN).accept("application/dicom+json").queryParams(query)
                .get("/dicomweb" + path);
    }
}

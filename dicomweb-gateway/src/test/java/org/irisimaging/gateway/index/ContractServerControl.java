package org.irisimaging.gateway.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** Steers and inspects the {@link StudyIndexContractServer} the running gateway talks to. */
public final class ContractServerControl {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    public ContractServerControl() {
        this.base = ConfigProvider.getConfig().getValue("iris.index.url", String.class);
    }

    /** Forgets registrations, forced answers and recorded requests. */
    public void reset() {
        post("/_control/reset");
    }

    /** Answers {@code status} to every registration of {@code sopInstanceUid}. */
    public void answer(String sopInstanceUid, int status) {
        post("/_control/answer?sop=" + URLEncoder.encode(sopInstanceUid, StandardCharsets.UTF_8) + "&status=" + status);
    }

    /** Every registration request received since the last reset: {@code body}, {@code authorization}, ... */
    public List<JsonNode> requests() {
        JsonNode all = get("/_control/requests");
        List<JsonNode> list = new ArrayList<>();
        all.forEach(list::add);
        return list;
    }

    /** Registration requests for one SOP Instance UID. */
    public List<JsonNode> requestsFor(String sopInstanceUid) {
        return requests().stream()
                .filter(r -> sopInstanceUid.equals(r.path("body").path("dataset").path("00080018").path("Value").path(0)
                        .asText()))
                .toList();
    }

    /** How many tokens the token endpoint issued. */
    public int tokensIssued() {
        return get("/_control/tokens").asInt();
    }

    private void post(String path) {
        send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode get(String path) {
        try {
            return json.readTree(send(HttpRequest.newBuilder(URI.create(base + path)).GET().build()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

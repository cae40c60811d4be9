package org.irisimaging.identity.http;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.irisimaging.identity.Browser;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker's inputs on the public endpoints: malformed percent-escapes and invalid UTF-8 in form
 * bodies, queries and HTTP Basic credentials, control characters in registration fields. Each
 * gets a clear 4xx in the endpoint's own error shape, never a 500.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class HostileInputTest {


    @ParameterizedTest
    @ValueSource(strings = {"%", "%zz", "%e", "%e9", "%C3%28", "a%00b"})
    void tokenEndpointAnswersInvalidRequestToAMalformedForm(String bad) {
        Response r = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .contentType(ContentType.URLENC).body("grant_type=client_credentials&scope=" + bad)
                .post("/token");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.<String>path("error")).isEqualTo("invalid_request");
        Response name = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .contentType(ContentType.URLENC).body("grant_type=client_credentials&" + bad + "=x")
                .post("/token");
        assertThat(name.statusCode()).as(name.asString()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%zz", "%e9", "%C3%28", "a%00b"})
    void tokenEndpointAnswersInvalidClientToMalformedBasicCredentials(String bad) {
        for (String credentials : List.of("dev-cli" + bad + ":dev-secret", "dev-cli:dev-secret" + bad)) {
            Response r = given().header("Authorization", basic(credentials))
                    .contentType(ContentType.URLENC).body("grant_type=client_credentials")
                    .post("/token");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
            assertThat(r.<String>path("error")).isEqualTo("invalid_client");
        }
        // Raw bytes that are not UTF-8 once base64-decoded.
        String latin1 = "Basic " + Base64.getEncoder().encodeToString("d\u00e9v:x".getBytes(StandardCharsets.ISO_8859_1));
        Response r = given().header("Authorization", latin1).contentType(ContentType.URLENC)
                .body("grant_type=client_credentials").post("/token");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%zz", "%e9", "%C3%28", "a%00b"})
    void devSignInRefusesMalformedFormsAndCredentials(String bad) {
        Response form = given().auth().preemptive().basic("dev-cli", "dev-secret")
                .contentType(ContentType.URLENC).body("username=" + bad).post("/dev/sign-in");
        assertThat(form.statusCode()).as(form.asString()).isEqualTo(400);
        assertThat(form.<String>path("error")).isEqualTo("invalid_request");
        Response credentials = given().header("Authorization", basic("dev-cli:" + bad))
                .contentType(ContentType.URLENC).body("username=prescriber").post("/dev/sign-in");
        assertThat(credentials.statusCode()).as(credentials.asString()).isEqualTo(401);
        assertThat(credentials.<String>path("error")).isEqualTo("invalid_client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%zz", "%e9", "%C3%28", "a%00b"})
    void signInPagesAnswerAnErrorPageToAMalformedForm(String bad) {
        Browser browser = new Browser();
        Response authorize = browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "h"));
        assertThat(authorize.statusCode()).isEqualTo(303);
        String csrf = Browser.csrf(browser.get("/sign-in"));
        for (String path : List.of("/sign-in", "/sign-in/otp")) {
            Response r = browser.postRaw(path, "username=" + bad + "&password=x&code=1&csrf=" + csrf);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("text/html");
        }
        // The session survives: the person can still sign in.
        assertThat(browser.get("/sign-in").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%zz", "%e9", "%C3%28", "a%00b"})
    void logoutAndAuthorizeAnswerAnErrorPageToAMalformedQueryOrForm(String bad) throws IOException {
        for (String path : List.of("/logout", "/authorize")) {
            // Sent over a plain socket: HTTP clients refuse to build such a URL, attackers do not.
            // A request-target that is not even a URI ('%', '%zz') is refused by the HTTP server
            // itself (400, empty); the others reach the endpoint, which answers with its page.
            String head = rawGet(path + "?client_id=iris-viewer&state=" + bad);
            assertThat(head).as(path).startsWith("HTTP/1.1 400");
            if (!head.toLowerCase(java.util.Locale.ROOT).contains("content-length: 0")) {
                assertThat(head).as(path).containsIgnoringCase("content-type: text/html");
            }
        }
        Response form = given().redirects().follow(false).contentType(ContentType.URLENC)
                .body("client_id=iris-viewer&state=" + bad).post("/logout");
        assertThat(form.statusCode()).as(form.asString()).isEqualTo(400);
        assertThat(form.contentType()).startsWith("text/html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0007", "\u001b[31m", "\u0085", "\u007f"})
    void registrationRefusesControlCharactersAsAProblem(String control) {
        for (String field : List.of("givenName", "familyName", "profession", "email", "password", "charterVersion")) {
            String idNat = "8" + String.format("%011d", ThreadLocalRandom.current().nextLong(100_000_000_000L));
            Map<String, Object> body = new HashMap<>(Map.of("idNatPs", idNat, "givenName", "Jeanne",
                    "familyName", "Dupont", "profession", "Médecin", "establishments", List.of("750000001"),
                    "email", "jeanne." + idNat + "@test.iris.invalid", "password", "Strong-Password-9",
                    "charterVersion", "2025-1"));
            body.put(field, body.get(field) + control);
            Response r = given().contentType(ContentType.JSON).body(body).post("/api/accounts");
            assertThat(r.statusCode()).as(field + ": " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.<String>path("detail")).contains(field);
        }
    }

    /** The status line and headers of a GET of {@code target} sent byte for byte. */
    private static String rawGet(String target) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            return end < 0 ? answer : answer.substring(0, end);
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}

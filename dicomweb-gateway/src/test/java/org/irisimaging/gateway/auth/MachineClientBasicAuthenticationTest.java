package org.irisimaging.gateway.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registered machine client that can only send static headers (Orthanc's Username/Password)
 * authenticates with HTTP Basic; bearer tokens keep working; a wrong secret gets 401 with a Basic
 * challenge, and retrying it in a loop does not hammer identity-service.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(MachineTokenEndpointResource.class)
class MachineClientBasicAuthenticationTest {

    /** A GET of the gateway that needs the site-admin role. */
    private static final String PROTECTED = "/api/dimse";

    @Test
    void aMachineClientAuthenticatesWithBasicAndItsTokenIsReused() throws Exception {
        int before = tokenRequests();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", basic(MachineTokenEndpointResource.CLIENT, MachineTokenEndpointResource.SECRET))
                    .get(PROTECTED).then().statusCode(200);
        }
        // One exchange for the three requests: the token is kept until shortly before it expires.
        assertThat(tokenRequests() - before).isEqualTo(1);
    }

    @Test
    void aWrongSecretGets401WithABasicChallengeAndIsNotRetriedAtOnce() throws Exception {
        int before = tokenRequests();
        for (int i = 0; i < 5; i++) {
            Response refused = given().header("Authorization", basic(MachineTokenEndpointResource.CLIENT, "wrong-" + "secret"))
                    .get(PROTECTED);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=\"iris\"");
        }
        assertThat(tokenRequests() - before).isEqualTo(1);
        // An unknown client, and malformed headers, are refused the same way.
        given().header("Authorization", basic("someone", "else")).get(PROTECTED).then().statusCode(401);
        given().header("Authorization", "Basic %%%").get(PROTECTED).then().statusCode(401);
        given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "orthanc-no-colon".getBytes(StandardCharsets.UTF_8))).get(PROTECTED).then().statusCode(401);
        // After the refusal memory, the right secret works (the wrong one was never cached as good).
        given().header("Authorization", basic(MachineTokenEndpointResource.CLIENT, MachineTokenEndpointResource.SECRET))
                .get(PROTECTED).then().statusCode(200);
    }

    @Test
    void basicIsAcceptedOnTheDicomwebApiOnly() throws Exception {
        String good = basic(MachineTokenEndpointResource.CLIENT, MachineTokenEndpointResource.SECRET);
        // QIDO-RS: authenticated (the search itself then needs study-index, absent here).
        assertThat(given().header("Authorization", good).get("/studies").statusCode()).isNotEqualTo(401);
        assertThat(given().header("Authorization", basic("someone", "else")).get("/studies").statusCode())
                .isEqualTo(401);
        // Elsewhere (e.g. the OpenID provider's /token on the public origin, or the export API) the
        // header is not touched: no exchange, the bearer challenge.
        int before = tokenRequests();
        Response export = given().header("Authorization", good).get("/api/exports/00000000-0000-0000-0000-000000000000");
        assertThat(export.statusCode()).isEqualTo(401);
        assertThat(export.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(tokenRequests()).isEqualTo(before);
    }

    @Test
    void bearerTokensKeepWorkingAndNoCredentialsGetTheBearerChallenge() {
        given().auth().oauth2(TestTokens.issue("viewer-1", "site-admin")).get(PROTECTED).then().statusCode(200);
        given().auth().oauth2(TestTokens.forged("viewer-1", "site-admin")).get(PROTECTED).then().statusCode(401);
        Response none = given().get(PROTECTED);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static int tokenRequests() throws Exception {
        URI endpoint = URI.create(ConfigProvider.getConfig().getValue("iris.basic-auth.token-endpoint", String.class));
        HttpResponse<String> calls = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/_calls")).build(), HttpResponse.BodyHandlers.ofString());
        return Integer.parseInt(calls.body());
    }
}

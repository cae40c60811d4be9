package org.irisimaging.testsupport;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Iris service must do, checked once here and inherited by each service's test:
 * public health/metrics/OpenAPI, readiness that really checks the database and Kafka, a protected
 * API refusing missing, forged, expired and misdirected tokens, RFC 9457 errors.
 */
public abstract class ServiceBaselineContract {

    private final String protectedPath;
    private final String[] allowedRoles;

    /**
     * @param protectedPath a GET path of the service that needs a token
     * @param allowedRoles  roles that let a caller through it
     */
    protected ServiceBaselineContract(String protectedPath, String... allowedRoles) {
        this.protectedPath = protectedPath;
        this.allowedRoles = allowedRoles;
    }


    @Test
    void readinessChecksTheDatabaseAndKafka() {
        Response ready = given().get("/q/health/ready");
        assertThat(ready.statusCode()).as(ready.asString()).isEqualTo(200);
        List<String> checks = ready.jsonPath().getList("checks.name");
        assertThat(checks).anyMatch(name -> name.toLowerCase().contains("database"));
        assertThat(checks).anyMatch(name -> name.toLowerCase().contains("kafka"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsAndOpenApiArePublic() {
        given().get("/q/metrics").then().statusCode(200);
        Response openapi = given().get("/q/openapi?format=json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.jsonPath().getMap("paths")).containsKey(protectedPath);
    }

    @Test
    void theProtectedApiAnswersAValidTokenAndRefusesEveryBadOne() {
        given().auth().oauth2(TestTokens.issue("caller-1", allowedRoles)).get(protectedPath).then()
                .statusCode(200);
        given().get(protectedPath).then().statusCode(401);
        given().auth().oauth2(TestTokens.forged("caller-1", allowedRoles)).get(protectedPath).then()
                .statusCode(401);
        given().auth().oauth2(TestTokens.expired("caller-1", allowedRoles)).get(protectedPath).then()
                .statusCode(401);
        given().auth().oauth2(TestTokens.forAudience("elsewhere", "caller-1", allowedRoles)).get(protectedPath)
                .then().statusCode(401);
    }

    @Test
    void errorsAreProblemDocuments() {
        Response response = given().auth().oauth2(TestTokens.issue("caller-1", allowedRoles))
                .get("/api/no-such-resource");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:iris:problem:not-found");
    }
}

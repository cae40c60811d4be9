package org.irisimaging.gateway.dimse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/dimse shows a site administrator the peers of their establishments only, a platform
 * administrator every peer. The test profile has storescu in 750000001, orthanc in 690000002 and
 * echoscu in none.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class DimseSettingsResourceTest {

    @Test
    void aPlatformAdministratorSeesEveryPeerWithItsEstablishment() {
        JsonPath settings = settings(TestTokens.issue("platform-1", "platform-admin"));
        assertThat(settings.getList("peers.name", String.class)).containsExactly("echoscu", "orthanc", "storescu");
        assertThat(settings.getString("peers.find { it.name == 'storescu' }.establishment")).isEqualTo("750000001");
        assertThat(settings.getString("peers.find { it.name == 'orthanc' }.establishment")).isEqualTo("690000002");
        assertThat(settings.getString("peers.find { it.name == 'echoscu' }.establishment")).isNull();
        assertThat(settings.getString("aeTitle")).isEqualTo("IRIS");
    }

    @Test
    void aSiteAdministratorSeesThePeersOfTheirEstablishmentOnly() {
        JsonPath settings = settings(siteAdmin(List.of("750000001")));
        assertThat(settings.getList("peers.name", String.class)).containsExactly("storescu");
        assertThat(settings.getString("peers[0].aeTitle")).isEqualTo("STORESCU");
        assertThat(settings.getString("aeTitle")).as("the SCP's own settings are for every administrator").isEqualTo("IRIS");
    }

    @Test
    void aSiteAdministratorOfSeveralEstablishmentsSeesThePeersOfEach() {
        JsonPath settings = settings(siteAdmin(List.of("750000001", "690000002")));
        assertThat(settings.getList("peers.name", String.class)).containsExactly("orthanc", "storescu");
    }

    @Test
    void aSiteAdministratorOfAnotherEstablishmentSeesNone() {
        assertThat(settings(siteAdmin(List.of("130000003"))).getList("peers")).isEmpty();
    }

    @Test
    void aSiteAdministratorWithoutEstablishmentsSeesNone() {
        assertThat(settings(TestTokens.issue("admin-0", "site-admin")).getList("peers")).isEmpty();
    }

    @Test
    void aPractitionerIsRefused() {
        given().auth().oauth2(TestTokens.issue("doc-1", Map.of("establishments", List.of("750000001")), "practitioner"))
                .get("/api/dimse").then().statusCode(403);
    }

    private static String siteAdmin(List<String> establishments) {
        return TestTokens.issue("admin-" + establishments.hashCode(), Map.of("establishments", establishments), "site-admin");
    }

    private static JsonPath settings(String token) {
        return given().auth().oauth2(token).get("/api/dimse").then().statusCode(200).extract().jsonPath();
    }
}

package org.irisimaging.notification.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Each caller sees and changes only their own notifications. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class InboxResourceTest {

    @Test
    void aCallerSeesOnlyTheirOwnNotificationsAndMarksThemRead() {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        UUID forAlice = store(alice, "Export ready");
        UUID forBob = store(bob, "Dossier received");

        given().auth().oauth2(TestTokens.issue(alice, "practitioner")).get("/api/notifications").then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(forAlice.toString()))
                .body("[0].read", equalTo(false));

        // Someone else's notification is indistinguishable from an absent one.
        given().auth().oauth2(TestTokens.issue(alice, "practitioner")).post("/api/notifications/" + forBob + "/read")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.issue(alice, "practitioner")).post("/api/notifications/" + UUID.randomUUID() + "/read")
                .then().statusCode(404);

        given().auth().oauth2(TestTokens.issue(alice, "practitioner")).post("/api/notifications/" + forAlice + "/read")
                .then().statusCode(200).body("read", equalTo(true));
        given().auth().oauth2(TestTokens.issue(bob, "practitioner")).get("/api/notifications").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].read", equalTo(false));
    }

    @Test
    void aMalformedIdIsNotFound() {
        given().auth().oauth2(TestTokens.issue("carol", "practitioner")).post("/api/notifications/not-a-uuid/read")
                .then().statusCode(404);
    }

    private static UUID store(String recipient, String title) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Notification n = new Notification();
            n.id = id;
            n.recipient = recipient;
            n.kind = "export-ready";
            n.title = title;
            n.body = "body";
            n.persist();
        });
        return id;
    }
}

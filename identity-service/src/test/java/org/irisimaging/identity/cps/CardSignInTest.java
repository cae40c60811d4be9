package org.irisimaging.identity.cps;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.identity.oidc.Acr;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CPS card sign-in over real mutual TLS: a java.net.http client presents certificates made at test
 * time to identity-service's TLS listener, which checks them against the configured test CA and CRL,
 * then the browser completes the authorization code flow on the issuer.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
@QuarkusTestResource(CpsTestResource.class)
class CardSignInTest {

    private static final Pattern CARD_LINK = Pattern.compile("id=\"cps-card\" href=\"([^\"]+)\"");

    private static TestPki.Issued cardCa;
    private static TestPki.Issued untrustedCa;

    @Inject
    TestAccounts accounts;

    @BeforeAll
    static void readPki() throws Exception {
        cardCa = TestPki.read("card-ca");
        untrustedCa = TestPki.read("untrusted-ca");
    }

    @Test
    void aValidCardSignsInWithItsAmrAndEnablesPasswordSignIn() throws Exception {
        Account account = accounts.withIdNatPs("card", Account.Status.ACTIVE, false);
        Instant start = Instant.now();
        // No CPS sign-in on record yet: password + code is refused.
        Response refused = new Browser().password(Browser.authorization(Browser.Pkce.create(), "pwd-before"),
                account.username, TestAccounts.PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.asString()).contains("Identifiant ou mot de passe incorrect");

        Browser browser = new Browser();
        Browser.Pkce pkce = Browser.Pkce.create();
        HttpResponse<String> listener = present(cardLink(browser, pkce, "card-ok"), TestPki.card(cardCa, account.idNatPs));
        assertThat(listener.statusCode()).as(listener.body()).isEqualTo(303);
        String back = listener.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith("http://localhost:18081/sign-in/cps/complete?ticket=");

        Response done = browser.get(back);
        assertThat(done.statusCode()).as(done.asString()).isEqualTo(303);
        assertThat(done.header("Location")).startsWith(Browser.VIEWER_CALLBACK);
        assertThat(Browser.param(done, "state")).isEqualTo("card-ok");
        Response tokens = Browser.exchange(Browser.param(done, "code"), pkce);
        assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
        JWTClaimsSet access = SignedJWT.parse(tokens.path("access_token")).getJWTClaimsSet();
        assertThat(access.getStringClaim("idnat_ps")).isEqualTo(account.idNatPs);
        assertThat(access.getStringListClaim("amr")).containsExactlyElementsOf(Acr.AMR_CPS_CARD);
        assertThat(access.getStringClaim("acr")).isEqualTo(Acr.CPS_CARD);
        JWTClaimsSet id = SignedJWT.parse(tokens.path("id_token")).getJWTClaimsSet();
        assertThat(id.getStringListClaim("amr")).containsExactlyElementsOf(Acr.AMR_CPS_CARD);

        assertThat(accounts.reload(account.id).cpsFirstSignInAt).isNotNull();
        JsonNode event = AuditEvents.await(Acr.METHOD_CPS_CARD, "SUCCEEDED", null, start);
        assertThat(event.path("subject").asText()).isEqualTo(account.id.toString());
        // The CPS sign-in on record opens password + code.
        Response afterCard = new Browser().signIn(Browser.authorization(Browser.Pkce.create(), "pwd-after"),
                account.username, TestAccounts.PASSWORD, account.email);
        assertThat(Browser.param(afterCard, "code")).isNotBlank();
    }

    @Test
    void expiredAndNotYetValidCardsAreRefusedWithAReasonAndAnAuditEvent() throws Exception {
        Account account = accounts.withIdNatPs("card-dates", Account.Status.ACTIVE, false);
        Instant now = Instant.now();
        Instant start = Instant.now();
        refused(TestPki.card(cardCa, account.idNatPs, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))),
                "Le certificat de cette carte CPS a expiré");
        AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "certificate_expired", start);
        refused(TestPki.card(cardCa, account.idNatPs, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))),
                "pas encore valide");
        AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "certificate_not_yet_valid", start);
        assertThat(accounts.reload(account.id).cpsFirstSignInAt).isNull();
    }

    @Test
    void aRevokedCardIsRefusedOnceTheNewCrlIsInPlace() throws Exception {
        Account account = accounts.withIdNatPs("card-revoked", Account.Status.ACTIVE, false);
        TestPki.Issued card = TestPki.card(cardCa, account.idNatPs);
        TestPki.Issued other = TestPki.card(cardCa, account.idNatPs);
        Instant start = Instant.now();
        // The CA publishes a CRL revoking the card; the operator drops it where the service reads it.
        Files.writeString(TestPki.DIR.resolve("card-ca.crl"), TestPki.crlPem(cardCa, card.certificate()));
        refused(card, "a été révoqué");
        AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "certificate_revoked", start);
        // Another card of the same CA is still good.
        Browser browser = new Browser();
        HttpResponse<String> ok = present(cardLink(browser, Browser.Pkce.create(), "other"), other);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
    }

    @Test
    void aCardWhoseRevocationStatusCannotBeToldIsRefused() throws Exception {
        Account account = accounts.withIdNatPs("card-stale-crl", Account.Status.ACTIVE, false);
        Instant now = Instant.now();
        Instant start = Instant.now();
        // The operator did not refresh the CRL: its next update is past.
        Files.writeString(TestPki.DIR.resolve("card-ca.crl"),
                TestPki.crlPem(cardCa, now.minus(Duration.ofDays(8)), now.minus(Duration.ofDays(1))));
        try {
            refused(TestPki.card(cardCa, account.idNatPs), "ne peut pas être vérifié");
            AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "revocation_status_unknown", start);
        } finally {
            Files.writeString(TestPki.DIR.resolve("card-ca.crl"), TestPki.crlPem(cardCa));
        }
        HttpResponse<String> fresh = present(cardLink(new Browser(), Browser.Pkce.create(), "fresh-crl"),
                TestPki.card(cardCa, account.idNatPs));
        assertThat(fresh.statusCode()).as("once the CRL is fresh again").isEqualTo(303);
    }

    @Test
    void unknownPractitionersAndInactiveAccountsAreRefused() throws Exception {
        Instant start = Instant.now();
        refused(TestPki.card(cardCa, TestAccounts.randomIdNatPs()), "Aucun compte Iris");
        AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "unknown_idnat_ps", start);

        for (Account.Status status : new Account.Status[] {Account.Status.SUSPENDED, Account.Status.PENDING_APPROVAL}) {
            Account inactive = accounts.withIdNatPs("card-" + status, status, false);
            refused(TestPki.card(cardCa, inactive.idNatPs), "pas actif");
            JsonNode event = AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "inactive_account", start);
            assertThat(accounts.reload(inactive.id).cpsFirstSignInAt).isNull();
            assertThat(event.path("clientId").asText()).isEqualTo(Browser.VIEWER);
        }
        refused(TestPki.card(cardCa, "not-an-idnat-ps"), "ne permet pas de se connecter");
        AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "certificate_subject_not_idnat_ps", start);
    }

    @Test
    void aCardOfAnotherCaFailsTheHandshakeAndNoCardGetsAClearPage() throws Exception {
        Account account = accounts.withIdNatPs("card-untrusted", Account.Status.ACTIVE, false);
        String link = cardLink(new Browser(), Browser.Pkce.create(), "untrusted");
        TestPki.Issued foreign = TestPki.card(untrustedCa, account.idNatPs);
        assertThatThrownBy(() -> present(link, foreign)).isInstanceOf(IOException.class);

        Instant start = Instant.now();
        HttpResponse<String> none = present(cardLink(new Browser(), Browser.Pkce.create(), "none"), null);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("Aucun certificat de carte");
        AuditEvents.await(Acr.METHOD_CPS_CARD, "FAILED", "no_certificate", start);
        assertThat(accounts.reload(account.id).cpsFirstSignInAt).isNull();
    }

    @Test
    void theLinkAndTheTicketWorkOnceAndOnlyForTheBrowserThatStartedTheSignIn() throws Exception {
        Account account = accounts.withIdNatPs("card-handoff", Account.Status.ACTIVE, false);
        TestPki.Issued card = TestPki.card(cardCa, account.idNatPs);
        Browser browser = new Browser();
        String link = cardLink(browser, Browser.Pkce.create(), "handoff");
        HttpResponse<String> first = present(link, card);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(present(link, card).statusCode()).as("the link is single use").isEqualTo(400);

        String ticket = first.headers().firstValue("Location").orElseThrow();
        Browser attacker = new Browser();
        attacker.get("/authorize", Browser.authorization(Browser.Pkce.create(), "attacker"));
        Response stolen = attacker.get(ticket);
        assertThat(stolen.statusCode()).as("another browser's ticket").isEqualTo(400);
        assertThat(stolen.header("Location")).isNull();

        Response done = browser.get(ticket);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Browser.param(done, "code")).isNotBlank();
        assertThat(browser.get(ticket).statusCode()).as("the ticket is single use").isEqualTo(400);
    }

    /** Starts an authorization in {@code browser} and returns the sign-in page's card link. */
    private static String cardLink(Browser browser, Browser.Pkce pkce, String state) {
        Response authorize = browser.get("/authorize", Browser.authorization(pkce, state));
        assertThat(authorize.statusCode()).isEqualTo(303);
        Response page = browser.get("/sign-in");
        Matcher link = CARD_LINK.matcher(page.asString());
        assertThat(link.find()).as(page.asString()).isTrue();
        return link.group(1);
    }

    /** A fresh browser presents {@code card} and expects a refusal page containing {@code text}. */
    private static void refused(TestPki.Issued card, String text) throws Exception {
        HttpResponse<String> page = present(cardLink(new Browser(), Browser.Pkce.create(), "refused"), card);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(403);
        assertThat(page.body()).contains(text);
    }

    /** GETs the card link over TLS, presenting {@code card} (none when null). */
    private static HttpResponse<String> present(String link, TestPki.Issued card) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.client(card, cardCa.certificate()))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        try (client) {
            return client.send(HttpRequest.newBuilder(URI.create(link)).header("Accept-Language", "fr")
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}

package org.irisimaging.identity.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.irisimaging.events.Topics;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.RecordingSmsProvider;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every password/code sign-in attempt and every code or refresh exchange is published as a
 * SignInAttempted event, successes and failures, with the real reason (which the page hides).
 * Also: the SMS channel, through the SMS provider interface.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class SignInEventsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    TestAccounts accounts;

    @Inject
    RecordingSmsProvider sms;

    @Test
    void failuresAndSuccessesOfEachStepArePublishedWithTheirReason() throws Exception {
        Account account = accounts.practitioner("events");
        String subject = account.id.toString();
        Browser browser = new Browser();
        Response form = startSignIn(browser);
        browser.post("/sign-in", Map.of("username", account.username, "password", "Wrong-Password-1",
                "csrf", Browser.csrf(form)));
        int mails = Browser.mailsTo(account.email);
        browser.post("/sign-in", Map.of("username", account.username, "password", TestAccounts.PASSWORD,
                "csrf", Browser.csrf(form)));
        String code = Browser.awaitCode(account.email, mails);
        browser.code(code.equals("000000") ? "111111" : "000000");
        Response done = browser.code(code);
        Browser.Pkce unused = Browser.Pkce.create();
        Browser.exchange(Browser.param(done, "code"), unused);

        List<JsonNode> events = awaitEvents(subject, 4);
        assertThat(events).anyMatch(e -> is(e, "pwd+otp", "FAILED", "bad_password"));
        assertThat(events).anyMatch(e -> is(e, "pwd+otp", "FAILED", "bad_otp"));
        assertThat(events).anyMatch(e -> is(e, "pwd+otp", "SUCCEEDED", null)
                && e.path("roles").get(0).asText().equals("practitioner")
                && e.path("clientId").asText().equals(Browser.VIEWER));
        assertThat(events).anyMatch(e -> is(e, "authorization_code", "FAILED", "pkce_verifier_mismatch"));
    }

    @Test
    void theCodeCanGoBySmsThroughTheProvider() {
        Account account = accounts.create("sms", Account.Status.ACTIVE, Account.OtpChannel.SMS, true, "750000001");
        Browser browser = new Browser();
        int before = sms.sent().size();
        Response afterPassword = browser.password(Browser.authorization(Browser.Pkce.create(), "sms"),
                account.username, TestAccounts.PASSWORD);
        assertThat(afterPassword.statusCode()).isEqualTo(303);
        assertThat(sms.sent()).hasSize(before + 1);
        RecordingSmsProvider.Sms message = sms.sent().getLast();
        assertThat(message.phoneNumber()).isEqualTo("+33612345678");
        Matcher m = Pattern.compile("(\\d{6})").matcher(message.text());
        assertThat(m.find()).isTrue();
        assertThat(browser.get("/sign-in/otp").asString()).contains("+33*******78");
        Response done = browser.code(m.group(1));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Browser.param(done, "code")).isNotBlank();
    }

    private static Response startSignIn(Browser browser) {
        browser.get("/authorize", Browser.authorization(Browser.Pkce.create(), "ev"));
        return browser.get("/sign-in");
    }

    private static boolean is(JsonNode e, String method, String outcome, String reason) {
        return method.equals(e.path("method").asText()) && outcome.equals(e.path("outcome").asText())
                && (reason == null ? e.path("failureReason").isNull() : reason.equals(e.path("failureReason").asText()));
    }

    private List<JsonNode> awaitEvents(String subject, int atLeast) throws Exception {
        try (KafkaCompanion kafka = new KafkaCompanion(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            var consumer = kafka.consumeStrings().fromTopics(Topics.SIGN_IN_ATTEMPTED);
            List<JsonNode> mine = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                mine.clear();
                for (ConsumerRecord<String, String> r : consumer.getRecords()) {
                    if (subject.equals(r.key())) {
                        mine.add(json.readTree(r.value()));
                    }
                }
                assertThat(mine).hasSizeGreaterThanOrEqualTo(atLeast);
            });
            consumer.stop();
            return mine;
        }
    }
}

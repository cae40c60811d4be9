package org.irisimaging.identity.signin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.identity.Browser;
import org.irisimaging.identity.TestAccounts;
import org.irisimaging.identity.account.Account;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.SmtpSinkResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code e-mail of the password step: every sign-in gets its mail promptly, also when several
 * sign-ins send at the same time (each on a new SMTP connection). Regression test for a hang: a
 * mail sent from the request's worker thread could lose the SMTP server's greeting on a new
 * connection and wait for it until the mailer's timeout (see EmailOtpSender).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(SmtpSinkResource.class)
class CodeMailTest {

    private static final int SIGN_INS = 6;

    @Inject
    TestAccounts accounts;

    @Test
    void concurrentSignInsAllGetTheirCodePromptly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SIGN_INS);
        try {
            for (int round = 0; round < 3; round++) {
                List<Account> people = new ArrayList<>();
                List<Future<Response>> answers = new ArrayList<>();
                for (int i = 0; i < SIGN_INS; i++) {
                    Account account = accounts.practitioner("mail" + round + i);
                    people.add(account);
                    answers.add(pool.submit(() -> new Browser().password(
                            Browser.authorization(Browser.Pkce.create(), "m"), account.username, TestAccounts.PASSWORD)));
                }
                for (int i = 0; i < SIGN_INS; i++) {
                    long start = System.nanoTime();
                    Response answer = answers.get(i).get(25, TimeUnit.SECONDS);
                    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(303);
                    assertThat(answer.header("Location")).endsWith("/sign-in/otp");
                    assertThat(Browser.awaitCode(people.get(i).email, 0)).hasSize(6);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.irisimaging.testsupport;

import java.util.Map;

import org.irisimaging.embedded.SmtpSink;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) for {@code @QuarkusTest}s that keeps every mail, on free ports (SMTP,
 * and IMAP for manual reading), any user accepted.
 *
 * <p>Supplies {@code quarkus.mailer.host=localhost}, {@code quarkus.mailer.port} and
 * {@code quarkus.mailer.mock=false}. Tests read what arrived through {@link #sink()}.
 *
 * <p>Unlike PostgreSQL and Kafka, this server is not shared across the whole JVM but lives as long as the
 * Quarkus application it serves (it starts in milliseconds): a test must see the very instance its
 * application sends to, and Quarkus loads this class anew for each test profile.
 */
public class SmtpSinkResource implements QuarkusTestResourceLifecycleManager {

    private static final Object LOCK = new Object();
    private static SmtpSink sink;
    private static int users;

    @Override
    public Map<String, String> start() {
        SmtpSink current;
        synchronized (LOCK) {
            if (sink == null) {
                sink = SmtpSink.start(0, 0);
            }
            users++;
            current = sink;
        }
        return Map.of(
                "quarkus.mailer.host", current.host(),
                "quarkus.mailer.port", Integer.toString(current.smtpPort()),
                "quarkus.mailer.mock", "false");
    }

    @Override
    public void stop() {
        synchronized (LOCK) {
            if (users > 0 && --users == 0 && sink != null) {
                sink.close();
                sink = null;
            }
        }
    }

    /**
     * The sink the running application sends to, to read received mails
     * ({@link SmtpSink#receivedMessages()}, {@link SmtpSink#awaitMessages}, {@link SmtpSink#clear()}).
     *
     * @throws IllegalStateException if this test's application has no SmtpSinkResource
     */
    public static SmtpSink sink() {
        synchronized (LOCK) {
            if (sink == null) {
                throw new IllegalStateException("no SMTP sink running: annotate the test class with "
                        + "@WithTestResource(value = SmtpSinkResource.class, scope = TestResourceScope.GLOBAL)");
            }
            return sink;
        }
    }
}

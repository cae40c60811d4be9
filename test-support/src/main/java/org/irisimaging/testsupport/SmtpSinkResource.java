package org.irisimaging.testsupport;

import java.util.Map;

import org.irisimaging.embedded.SmtpSink;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) for {@code @QuarkusTest}s that keeps every mail: started once per
 * test JVM on free ports (SMTP and IMAP), any user accepted.
 *
 * <p>Supplies {@code quarkus.mailer.host=localhost}, {@code quarkus.mailer.port} and
 * {@code quarkus.mailer.mock=false}. Tests read what arrived through {@link #sink()}.
 */
public class SmtpSinkResource implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "smtp";

    private static volatile SmtpSink sink;

    @Override
    public Map<String, String> start() {
        return SharedServers.configOf(NAME, () -> {
            SmtpSink started = SmtpSink.start(0, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "iris-test-smtp-shutdown"));
            sink = started;
            return Map.of(
                    "quarkus.mailer.host", started.host(),
                    "quarkus.mailer.port", Integer.toString(started.smtpPort()),
                    "quarkus.mailer.mock", "false",
                    "iris.test.imap.port", Integer.toString(started.imapPort()));
        });
    }

    /** Nothing: the server is shared by every test of this JVM and stops with it. */
    @Override
    public void stop() {
    }

    /**
     * The running sink, to read received mails ({@link SmtpSink#receivedMessages()},
     * {@link SmtpSink#awaitMessages}, {@link SmtpSink#clear()}).
     *
     * @throws IllegalStateException if no test resource started it
     */
    public static SmtpSink sink() {
        SmtpSink current = sink;
        if (current == null) {
            throw new IllegalStateException("no SMTP sink running: annotate a test with "
                    + "@WithTestResource(value = SmtpSinkResource.class, scope = TestResourceScope.GLOBAL)");
        }
        return current;
    }
}

package org.irisimaging.embedded;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server that keeps every mail it receives (GreenMail), plus IMAP so a developer can read
 * them with a mail client: log in with the recipient's address as user name and any password.
 * Authentication is disabled: any user is accepted. Listens on 127.0.0.1 only.
 */
public final class SmtpSink implements AutoCloseable {

    public static final String HOST = "localhost";
    private static final String BIND_ADDRESS = "127.0.0.1";

    private final GreenMail greenMail;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SmtpSink(GreenMail greenMail, Duration startupTime) {
        this.greenMail = greenMail;
        this.startupTime = startupTime;
    }

    /** Starts SMTP on {@code smtpPort} and IMAP on {@code imapPort} (0 = a free port). */
    public static SmtpSink start(int smtpPort, int imapPort) {
        long begin = System.nanoTime();
        Ports.requireFree(smtpPort, "SMTP");
        Ports.requireFree(imapPort, "IMAP");
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, BIND_ADDRESS, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, BIND_ADDRESS, ServerSetup.PROTOCOL_IMAP) })
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        return new SmtpSink(greenMail, Duration.ofNanos(System.nanoTime() - begin));
    }

    /** Starts SMTP and IMAP on free ports. */
    public static SmtpSink start() {
        return start(0, 0);
    }

    public String host() {
        return HOST;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** Every mail received so far, oldest first (one copy per recipient). */
    public MimeMessage[] receivedMessages() {
        return greenMail.getReceivedMessages();
    }

    /** Waits until at least {@code count} mails (counting one per recipient) have arrived in total. */
    public boolean awaitMessages(int count, Duration timeout) {
        return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    /** Forgets every received mail (e.g. between tests). */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("could not purge the mailboxes", e);
        }
    }

    /** The GreenMail instance, for anything this class does not offer. */
    public GreenMail greenMail() {
        return greenMail;
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            greenMail.stop();
        }
    }

    @Override
    public String toString() {
        return "SmtpSink[smtp=" + HOST + ":" + smtpPort() + ", imap=" + HOST + ":" + imapPort() + "]";
    }
}

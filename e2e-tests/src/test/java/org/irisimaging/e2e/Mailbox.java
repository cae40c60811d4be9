package org.irisimaging.e2e;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * A recipient's mailbox on the platform's SMTP sink, read over IMAP (as a developer's mail client
 * would): the sink accepts any password for any address.
 */
final class Mailbox {

    private static final int IMAP_PORT = 12143;

    private final String address;

    Mailbox(String address) {
        this.address = address;
    }

    /** How many mails the recipient has now. */
    int count() throws MessagingException {
        return read(folder -> folder.getMessageCount());
    }

    /**
     * Waits for a mail after the first {@code seen} ones whose text {@code extract} accepts, and
     * returns what it extracted.
     */
    <T> T await(int seen, Function<String, Optional<T>> extract, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = read(folder -> {
                for (int i = seen + 1; i <= folder.getMessageCount(); i++) {
                    Optional<T> value = extract.apply(text(folder.getMessage(i)));
                    if (value.isPresent()) {
                        return value;
                    }
                }
                return Optional.empty();
            });
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no matching mail for " + address + " within " + timeout);
    }

    private <T> T read(FolderReader<T> reader) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.host", "localhost");
        properties.put("mail.imap.port", Integer.toString(IMAP_PORT));
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("localhost", IMAP_PORT, address, "any");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return reader.read(inbox);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static String text(Message message) {
        try {
            Object content = message.getContent();
            if (content instanceof jakarta.mail.Multipart multipart) {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    all.append(multipart.getBodyPart(i).getContent()).append('\n');
                }
                return all.toString();
            }
            return String.valueOf(content);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    @FunctionalInterface
    private interface FolderReader<T> {
        T read(Folder folder) throws MessagingException;
    }
}

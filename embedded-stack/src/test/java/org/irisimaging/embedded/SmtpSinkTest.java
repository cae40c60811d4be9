package org.irisimaging.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

class SmtpSinkTest {

    @Test
    void receivesAMailSentOverSmtpAndServesItOverImap() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            Properties props = new Properties();
            props.put("mail.smtp.host", sink.host());
            props.put("mail.smtp.port", Integer.toString(sink.smtpPort()));
            Session session = Session.getInstance(props);

            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress("noreply@iris.example"));
            mail.setRecipients(Message.RecipientType.TO, "dr.martin@hospital.example");
            mail.setSubject("Study shared with you");
            mail.setText("A study was shared with you.");
            Transport.send(mail);

            assertTrue(sink.awaitMessages(1, Duration.ofSeconds(10)));
            MimeMessage[] received = sink.receivedMessages();
            assertEquals(1, received.length);
            assertEquals("Study shared with you", received[0].getSubject());
            assertEquals("dr.martin@hospital.example", received[0].getAllRecipients()[0].toString());
            assertTrue(received[0].getContent().toString().contains("A study was shared with you."));

            // A developer reads it with any IMAP client: recipient address as user, any password.
            Properties imapProps = new Properties();
            imapProps.put("mail.imap.host", sink.host());
            imapProps.put("mail.imap.port", Integer.toString(sink.imapPort()));
            Store store = Session.getInstance(imapProps).getStore("imap");
            store.connect("dr.martin@hospital.example", "anything");
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertEquals(1, inbox.getMessageCount());
                assertEquals("Study shared with you", inbox.getMessage(1).getSubject());
                inbox.close(false);
            } finally {
                store.close();
            }

            sink.clear();
            assertEquals(0, sink.receivedMessages().length);
        }
    }
}

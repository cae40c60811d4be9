package org.irisimaging.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.irisimaging.embedded.SmtpSink;
import org.junit.jupiter.api.Test;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The resources outside Quarkus: what they hand to the application works against real servers, and a
 * second start (another test class, another test profile) gets the same PostgreSQL and Kafka.
 */
class TestResourcesTest {

    @Test
    void postgresIsRealAndSharedPerJvm() throws Exception {
        Map<String, String> first = new EmbeddedPostgresResource().start();
        Map<String, String> second = new EmbeddedPostgresResource().start();
        assertEquals(first, second, "one server per JVM");
        try (Connection c = DriverManager.getConnection(first.get("quarkus.datasource.jdbc.url"),
                first.get("quarkus.datasource.username"), first.get("quarkus.datasource.password"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
            assertTrue(rs.next());
            assertEquals("iris", rs.getString(1));
            assertEquals("iris", rs.getString(2));
        }
    }

    @Test
    void kafkaIsRealAndSharedPerJvm() throws Exception {
        Map<String, String> first = new EmbeddedKafkaResource().start();
        assertEquals(first, new EmbeddedKafkaResource().start(), "one broker per JVM");
        String bootstrap = first.get("kafka.bootstrap.servers");
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("iris.test-support", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("iris.test-support"));
            assertEquals(3, admin.describeTopics(List.of("iris.test-support")).allTopicNames().get()
                    .get("iris.test-support").partitions().size());
        }
    }

    @Test
    void smtpSinkReceivesWhatTheMailerWouldSendAndStopsWithItsLastUser() throws Exception {
        SmtpSinkResource a = new SmtpSinkResource();
        SmtpSinkResource b = new SmtpSinkResource();
        Map<String, String> config = a.start();
        assertEquals(config, b.start());
        assertEquals("localhost", config.get("quarkus.mailer.host"));
        assertEquals("false", config.get("quarkus.mailer.mock"));
        SmtpSink sink = SmtpSinkResource.sink();
        assertEquals(Integer.toString(sink.smtpPort()), config.get("quarkus.mailer.port"));

        Properties props = new Properties();
        props.put("mail.smtp.host", config.get("quarkus.mailer.host"));
        props.put("mail.smtp.port", config.get("quarkus.mailer.port"));
        MimeMessage mail = new MimeMessage(Session.getInstance(props));
        mail.setFrom(new InternetAddress("iris@iris.example"));
        mail.setRecipients(Message.RecipientType.TO, "someone@hospital.example");
        mail.setSubject("hello");
        mail.setText("body");
        Transport.send(mail);
        assertTrue(sink.awaitMessages(1, Duration.ofSeconds(10)));
        assertEquals("hello", SmtpSinkResource.sink().receivedMessages()[0].getSubject());

        a.stop();
        assertSame(sink, SmtpSinkResource.sink(), "still used by b");
        b.stop();
        assertThrows(IllegalStateException.class, SmtpSinkResource::sink);

        SmtpSinkResource c = new SmtpSinkResource();
        c.start();
        assertNotSame(sink, SmtpSinkResource.sink(), "a new application gets a new sink");
        c.stop();
    }
}

package org.irisimaging.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    Path tmp;

    @Test
    void producesAndConsumesARecordAndKeepsItAcrossRestarts() throws Exception {
        Path logs = tmp.resolve("kafka");
        String topic = "iris.test.events";
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDirectory(logs).start()) {
            assertTrue(Files.exists(logs.resolve("meta.properties")), "log directory formatted");
            send(kafka, topic, "study-1", "{\"event\":\"StudyReceived\"}");

            List<ConsumerRecord<String, String>> got = consume(kafka, topic, "group-a", 1);
            assertEquals(1, got.size());
            assertEquals("study-1", got.get(0).key());
            assertEquals("{\"event\":\"StudyReceived\"}", got.get(0).value());

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertEquals(EmbeddedKafka.DEFAULT_PARTITIONS,
                        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size(),
                        "auto-created with num.partitions");
                clusterId = admin.describeCluster().clusterId().get();
            }
        }

        // Same log directory: not formatted again (same cluster id) and the record is still there.
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDirectory(logs).start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertEquals(clusterId, admin.describeCluster().clusterId().get());
            }
            List<ConsumerRecord<String, String>> again = consume(kafka, topic, "group-b", 1);
            assertEquals("study-1", again.get(0).key());
        }
    }

    @Test
    void temporaryLogDirectoryIsRemovedOnClose() {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            dir = kafka.logDirectory();
            assertTrue(kafka.isTemporary());
            assertTrue(Files.exists(dir.resolve("meta.properties")));
            assertTrue(kafka.bootstrapServers().startsWith("localhost:"));
        }
        assertFalse(Files.exists(dir));
    }

    private static void send(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
            assertTrue(md.offset() >= 0);
        }
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, String group, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(count, records.size(), "records consumed from " + topic);
        return records;
    }
}

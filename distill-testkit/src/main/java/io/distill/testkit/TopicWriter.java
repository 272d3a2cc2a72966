package io.distill.testkit;

import io.distill.contract.events.JsonSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes one record to a topic of the test broker, as a service would: an event as JSON, a string as is. */
public final class TopicWriter {

    private TopicWriter() {}

    /** Sends {@code value} (an event, or a poison string) under {@code key}, and waits for the broker's ack. */
    public static void send(String topic, String key, Object value) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                new StringSerializer(), (t, data) -> data instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                        : new JsonSerializer<>().serialize(t, data))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}

package io.distill.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the test broker from the beginning, as JSON, for assertions on published events. */
public final class TopicReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopicReader() {}

    /** A record as read: its key, its JSON value and its headers (the last value of each). */
    public record Event(String key, JsonNode value, Map<String, String> headers) {}

    /**
     * Polls {@code topic} from its start until {@code enough} holds for the events whose key
     * {@code keys} accepts, or {@code timeout} passes; returns those events in order.
     */
    public static List<Event> read(String topic, Predicate<String> keys, Predicate<List<Event>> enough,
            Duration timeout) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(events) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.key() != null && keys.test(r.key())) {
                        Map<String, String> headers = new java.util.LinkedHashMap<>();
                        r.headers().forEach(h -> headers.put(h.key(),
                                new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                        events.add(new Event(r.key(), parse(r.value()), headers));
                    }
                }
            }
        }
        return events;
    }

    private static JsonNode parse(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (Exception e) {
            return MAPPER.getNodeFactory().textNode(value);
        }
    }
}

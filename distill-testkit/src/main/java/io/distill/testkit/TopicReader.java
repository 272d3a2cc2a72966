package io.distill.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/** Reads a topic of the test broker from the beginning, as JSON, for assertions on published events. */
public final class TopicReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopicReader() {}

    /** A record as read: its key, its JSON value and its headers (the last value of each). */
    public record Event(String key, JsonNode value, Map<String, String> headers) {}

    /**
     * Polls {@code topic} from its start until {@code enough} holds for the events whose key
     * {@code keys} accepts, and returns those events in order; fails after {@code timeout}.
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
            // The consumer's own poll waits for records, and it must stay on this thread.
            await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                            if (r.key() != null && keys.test(r.key())) {
                                events.add(new Event(r.key(), parse(r.value()), headers(r)));
                            }
                        }
                        return enough.test(events);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Read " + events.size() + " matching events from " + topic + " in "
                    + timeout.toSeconds() + " s, which is not enough; their keys: "
                    + events.stream().map(Event::key).toList(), e);
        }
        return events;
    }

    /**
     * Every event on {@code topic} now whose key {@code keys} accepts: read from its start up to the end
     * offsets it had when called, so an event that is not there is known not to be, without waiting.
     */
    public static List<Event> readAll(String topic, Predicate<String> keys) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.key() != null
                            && keys.test(r.key())) {
                        events.add(new Event(r.key(), parse(r.value()), headers(r)));
                    }
                }
            }
        }
        return events;
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    private static JsonNode parse(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (Exception e) {
            return MAPPER.getNodeFactory().textNode(value);
        }
    }
}

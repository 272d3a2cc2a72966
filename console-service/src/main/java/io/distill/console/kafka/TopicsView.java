package io.distill.console.kafka;

import io.distill.console.config.ConsoleConfig;
import io.distill.contract.events.DeadLetterHeaders;
import io.distill.contract.events.Topics;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.smallrye.common.annotation.Identifier;

/**
 * The topics as the Kafka page shows them: each topic's rate (records per second between the last two
 * samples of its end offsets, taken every 10 s), each consumer group's lag per topic, and the newest
 * records of every dead-letter topic with the headers that say who rejected them and why. It connects as
 * the console's Kafka user, with every {@code kafka.*} setting (or {@code KAFKA_*} variable) the channels have.
 */
@ApplicationScoped
public class TopicsView {

    /** A topic's end offsets summed over partitions, and how fast they grew between the last two samples. */
    public record TopicRate(String topic, long records, Double perSecond) {

        /** Records per second, to one decimal, or a dash before two samples. */
        public String rate() {
            return perSecond == null ? "–" : String.format(Locale.ROOT, "%,.1f", perSecond);
        }
    }

    /** A group's lag on one topic: the records it has yet to read, summed over partitions. */
    public record GroupLag(String group, String topic, long lag) {}

    /** One dead-lettered record. */
    public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key,
            String rejectedBy, String reason, String value) {}

    /** What the page shows; {@code error} says why it is empty when Kafka did not answer. */
    public record Snapshot(List<TopicRate> rates, List<GroupLag> lags, List<DeadLetter> deadLetters, String error) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The most characters of a dead-lettered value the page shows. */
    static final int VALUE_CHARACTERS = 400;

    private final Map<String, Object> settings;
    private final int deadLetters;
    private final Admin admin;
    private Map<String, Long> previous = Map.of();
    private Map<String, Long> current = Map.of();
    private Instant previousAt;
    private Instant currentAt;

    public TopicsView(@Identifier("default-kafka-broker") Map<String, Object> kafka, ConsoleConfig console) {
        Map<String, Object> shared = new HashMap<>(kafka);
        shared.remove(ConsumerConfig.GROUP_ID_CONFIG);
        shared.put(CommonClientConfigs.CLIENT_ID_CONFIG, "console-service-view");
        this.settings = Map.copyOf(shared);
        this.deadLetters = console.deadLetters();
        this.admin = Admin.create(settings);
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** Samples every topic's end offsets, for the rates. */
    @Scheduled(every = "10s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        try {
            Map<String, Long> ends = new TreeMap<>();
            endOffsets(topics()).forEach((tp, end) -> ends.merge(tp.topic(), end, Long::sum));
            synchronized (this) {
                previous = current;
                previousAt = currentAt;
                current = ends;
                currentAt = Instant.now();
            }
        } catch (KafkaUnavailable e) {
            // The page says so when it is asked for; the next sample tries again.
        }
    }

    public Snapshot snapshot() {
        try {
            List<String> topics = topics();
            return new Snapshot(rates(), lags(topics), deadLetters(topics), null);
        } catch (KafkaUnavailable e) {
            return new Snapshot(List.of(), List.of(), List.of(), e.getMessage());
        }
    }

    private synchronized List<TopicRate> rates() {
        List<TopicRate> rates = new ArrayList<>();
        double seconds = previousAt == null ? 0 : Duration.between(previousAt, currentAt).toMillis() / 1000.0;
        current.forEach((topic, end) -> {
            Long before = previous.get(topic);
            rates.add(new TopicRate(topic, end, before == null || seconds <= 0 ? null : (end - before) / seconds));
        });
        return rates;
    }

    private List<GroupLag> lags(List<String> topics) {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        List<GroupLag> lags = new ArrayList<>();
        for (ConsumerGroupListing group : call(admin.listConsumerGroups().all())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    call(admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata());
            Map<String, Long> byTopic = new TreeMap<>();
            committed.forEach((tp, offset) -> {
                if (offset != null && ends.containsKey(tp)) {
                    byTopic.merge(tp.topic(), Math.max(0, ends.get(tp) - offset.offset()), Long::sum);
                }
            });
            byTopic.forEach((topic, lag) -> lags.add(new GroupLag(group.groupId(), topic, lag)));
        }
        lags.sort(Comparator.comparing(GroupLag::group).thenComparing(GroupLag::topic));
        return lags;
    }

    private List<DeadLetter> deadLetters(List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Long> ends = endOffsets(topics.stream().filter(t -> t.endsWith(Topics.DLQ_SUFFIX)).toList());
        ends.forEach((tp, end) -> {
            if (end > 0) {
                partitions.add(tp);
            }
        });
        List<DeadLetter> letters = new ArrayList<>();
        if (partitions.isEmpty()) {
            return letters;
        }
        Map<String, Object> reader = new HashMap<>(settings);
        reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        reader.put(CommonClientConfigs.CLIENT_ID_CONFIG, "console-service-dead-letters");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(reader, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long from = Math.max(0, ends.get(tp) - deadLetters);
                consumer.seek(tp, from);
                remaining.put(tp, ends.get(tp));
            }
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (!remaining.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(letter(record));
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() + 1 >= remaining.getOrDefault(tp, Long.MAX_VALUE)) {
                        remaining.remove(tp);
                    }
                }
                // A partition whose last records were compacted or deleted ends where the consumer stands.
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new KafkaUnavailable("Kafka did not hand out the dead letters: " + e.getMessage(), e);
        }
        letters.sort(Comparator.comparing(DeadLetter::timestamp).reversed());
        return letters.subList(0, Math.min(letters.size(), deadLetters * 4));
    }

    private static DeadLetter letter(ConsumerRecord<byte[], byte[]> record) {
        String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key() == null ? null
                        : new String(record.key(), StandardCharsets.UTF_8),
                header(record, DeadLetterHeaders.REJECTED_BY), header(record, DeadLetterHeaders.REASON),
                value.length() > VALUE_CHARACTERS ? value.substring(0, VALUE_CHARACTERS) + "…" : value);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<String> topics() {
        return call(admin.listTopics().names()).stream().filter(t -> !t.startsWith("__")).sorted().toList();
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        call(admin.describeTopics(topics).allTopicNames()).forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        call(admin.listOffsets(latest).all()).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static <T> T call(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailable("Kafka did not answer within " + TIMEOUT.toSeconds() + " s: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
    }

    /** Kafka did not answer: the page says so, and the console stays up. */
    static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package io.distill.server.transfer;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Augmentation;
import io.distill.core.data.ExampleSet;
import io.distill.server.messaging.DeadLetters;
import io.distill.server.messaging.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads one transfer set from {@code soft-targets} into memory: from the first offset the manifest
 * gives for each partition, keeping only that set's keys, one event per example and copy (a re-sent
 * event replaces the earlier one), until the manifest's count is reached, in example then copy order.
 * Each event is parsed and its pixels decoded once, and kept as its 784 bytes. A malformed event
 * goes to {@code soft-targets.dlq} as it arrived and is not counted. Its consumer and dead-letter
 * producer come from {@link KafkaClients}, so every {@code kafka.*} setting reaches them.
 */
@ApplicationScoped
public class SoftTargetReader {

    private final KafkaClients clients;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final String service;

    public SoftTargetReader(KafkaClients clients, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.clients = clients;
        this.service = service;
        this.deadLetters = clients.producer("soft-targets-dlq", new StringSerializer(), new ByteArraySerializer(),
                Map.of());
    }

    /**
     * A transfer set in memory: the images (every copy of an augmented set, each with its example's id)
     * with their labels, and the teacher's logits.
     */
    public record TransferSet(ExampleSet images, float[] logits, int malformed) {}

    /** One usable event, as decoded: an example, or one jittered copy of it. */
    record Example(int exampleId, int copy, int label, float[] logits, byte[] pixels) {

        /** Orders and deduplicates events by example, then copy. */
        long order() {
            return ((long) exampleId << 32) | copy;
        }
    }

    /** Why an event cannot be used. */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The set {@code manifest} describes. Throws {@link TransferSetExpiredException} at once when
     * Kafka has deleted some of its events, and {@link IllegalStateException} when fewer than its
     * count arrive within {@code timeout}.
     */
    public TransferSet read(TransferSetManifest manifest, Duration timeout, BooleanSupplier cancelled) {
        String id = manifest.transferSetId();
        String prefix = id + "/";
        int copies = manifest.filters() == null ? Augmentation.NONE.copies() : manifest.filters().copies();
        Map<Long, Example> examples = new TreeMap<>();
        int malformed = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        // No group: the manifest's offsets say where to read, and nothing is committed.
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("transfer-set-reader",
                new StringDeserializer(), new ByteArrayDeserializer(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000))) {
            List<TopicPartition> partitions = new ArrayList<>();
            manifest.offsets().keySet().forEach(p -> partitions.add(new TopicPartition(Topics.SOFT_TARGETS,
                    Integer.parseInt(p))));
            consumer.assign(partitions);
            // Retention may have deleted the set's first events: then it can never be read whole.
            Map<Integer, Long> logStarts = new TreeMap<>();
            consumer.beginningOffsets(partitions, Duration.ofSeconds(30))
                    .forEach((tp, start) -> logStarts.put(tp.partition(), start));
            Optional<TransferSetExpiredException> expired = TransferSetExpiredException.check(manifest, logStarts);
            if (expired.isPresent()) {
                throw expired.get();
            }
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, manifest.offsets().get(Integer.toString(tp.partition()))[0]);
            }
            while (examples.size() < manifest.count() && System.nanoTime() < deadline) {
                if (cancelled.getAsBoolean()) {
                    throw new JobCancelledException("Job cancelled while reading " + id);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    try {
                        Example example = decode(record.value(), id, record.key(), copies);
                        examples.put(example.order(), example);
                    } catch (Unusable e) {
                        malformed++;
                        deadLetter(record, e.getMessage());
                    }
                }
            }
        }
        deadLetters.flush();
        if (examples.size() < manifest.count()) {
            throw new IllegalStateException("Transfer set " + id + " is incomplete: " + examples.size() + " of "
                    + manifest.count() + " valid examples after " + timeout.toSeconds() + " s (" + malformed
                    + " malformed, sent to " + Topics.dlq(Topics.SOFT_TARGETS) + ")");
        }
        return toSet(id, examples, malformed);
    }

    /** The example a {@link SoftTarget} event's bytes hold, parsed and checked once; {@code copies} per example. */
    static Example decode(byte[] value, String transferSetId, String key, int copies) throws Unusable {
        if (value == null) {
            throw new Unusable("empty value");
        }
        SoftTarget e;
        try {
            e = Json.mapper().readValue(value, SoftTarget.class);
        } catch (IOException bad) {
            throw new Unusable("not a SoftTarget: " + bad.getMessage());
        }
        if (e == null) {
            throw new Unusable("empty value");
        }
        if (!transferSetId.equals(e.transferSetId()) || !key.equals(e.key())) {
            throw new Unusable("key " + key + " does not match transferSetId/exampleId[.copy] " + e.key());
        }
        if (e.copy() < 0 || e.copy() >= copies) {
            throw new Unusable("copy " + e.copy() + " is not one of the set's " + copies + " (0 to " + (copies - 1)
                    + ")");
        }
        if (e.label() < 0 || e.label() > 9) {
            throw new Unusable("label " + e.label() + " is not a class 0-9");
        }
        if (e.logits() == null || e.logits().length != 10) {
            throw new Unusable("logits hold " + (e.logits() == null ? 0 : e.logits().length)
                    + " values, expected 10");
        }
        for (float v : e.logits()) {
            if (!Float.isFinite(v)) {
                throw new Unusable("logits hold a non-finite value " + v);
            }
        }
        if (e.shape() == null || e.shape().length != 2 || e.shape()[0] * e.shape()[1] != 784) {
            throw new Unusable("shape is not [28, 28]");
        }
        byte[] pixels;
        try {
            pixels = e.pixels();
        } catch (IllegalArgumentException | NullPointerException bad) {
            throw new Unusable("features are not base64");
        }
        if (pixels.length != 784) {
            throw new Unusable("features hold " + pixels.length + " pixels, expected 784");
        }
        return new Example(e.exampleId(), e.copy(), e.label(), e.logits(), pixels);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String problem) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.dlq(Topics.SOFT_TARGETS), record.key(),
                record.value());
        dead.headers().add("dead-letter-reason", problem.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.REJECTED_BY, service.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.REASON, problem.getBytes(StandardCharsets.UTF_8));
        dead.headers().add("dead-letter-offset", (record.partition() + ":" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        deadLetters.send(dead);
    }

    private static TransferSet toSet(String id, Map<Long, Example> examples, int malformed) {
        int n = examples.size();
        byte[] pixels = new byte[Math.multiplyExact(n, 784)];
        int[] labels = new int[n];
        int[] ids = new int[n];
        float[] logits = new float[n * 10];
        int i = 0;
        for (Example e : examples.values()) {
            System.arraycopy(e.pixels(), 0, pixels, i * 784, 784);
            labels[i] = e.label();
            ids[i] = e.exampleId();
            System.arraycopy(e.logits(), 0, logits, i * 10, 10);
            i++;
        }
        return new TransferSet(ExampleSet.uint8(id, InputShape.MNIST, 10, pixels, labels, ids), logits, malformed);
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}

package io.distill.service.transfer;

import io.distill.core.data.ImageSet;
import io.distill.core.events.Json;
import io.distill.core.events.SoftTarget;
import io.distill.core.events.Topics;
import io.distill.core.events.TransferSetManifest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.distill.service.messaging.DeadLetters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads one transfer set from {@code soft-targets} into memory: from the first offset the manifest
 * gives for each partition, keeping only that set's keys, one example per key (a re-sent event
 * replaces the earlier one), until the manifest's count is reached. A malformed event goes to
 * {@code soft-targets.dlq} as it arrived and is not counted.
 */
@ApplicationScoped
public class SoftTargetReader {

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> deadLetters;

    private final String service;

    public SoftTargetReader(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.bootstrap = bootstrap;
        this.service = service;
        this.deadLetters = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** A transfer set in memory: the images with their labels and ids, and the teacher's logits. */
    public record TransferSet(ImageSet images, float[] logits, int malformed) {}

    public TransferSet read(TransferSetManifest manifest, Duration timeout, BooleanSupplier cancelled) {
        String id = manifest.transferSetId();
        String prefix = id + "/";
        Map<Integer, SoftTarget> examples = new TreeMap<>();
        int malformed = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            manifest.offsets().keySet().forEach(p -> partitions.add(new TopicPartition(Topics.SOFT_TARGETS,
                    Integer.parseInt(p))));
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, manifest.offsets().get(Integer.toString(tp.partition()))[0]);
            }
            while (examples.size() < manifest.count() && System.nanoTime() < deadline) {
                if (cancelled.getAsBoolean()) {
                    throw new io.distill.core.train.TrainingCancelledException("Job cancelled while reading " + id);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    String problem = null;
                    SoftTarget event = null;
                    try {
                        event = Json.mapper().readValue(record.value(), SoftTarget.class);
                        problem = problem(event, id, record.key());
                    } catch (Exception e) {
                        problem = "not a SoftTarget: " + e.getMessage();
                    }
                    if (problem == null) {
                        examples.put(event.exampleId(), event);
                    } else {
                        malformed++;
                        deadLetter(record, problem);
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

    /** Why an event cannot be used, or null when it can. */
    static String problem(SoftTarget e, String transferSetId, String key) {
        if (e == null) {
            return "empty value";
        }
        if (!transferSetId.equals(e.transferSetId()) || !key.equals(e.key())) {
            return "key " + key + " does not match transferSetId/exampleId " + e.transferSetId() + "/" + e.exampleId();
        }
        if (e.label() < 0 || e.label() > 9) {
            return "label " + e.label() + " is not a class 0-9";
        }
        if (e.logits() == null || e.logits().length != 10) {
            return "logits hold " + (e.logits() == null ? 0 : e.logits().length) + " values, expected 10";
        }
        for (float v : e.logits()) {
            if (!Float.isFinite(v)) {
                return "logits hold a non-finite value " + v;
            }
        }
        if (e.shape() == null || e.shape().length != 2 || e.shape()[0] * e.shape()[1] != 784) {
            return "shape is not [28, 28]";
        }
        try {
            if (e.pixels().length != 784) {
                return "features hold " + e.pixels().length + " pixels, expected 784";
            }
        } catch (IllegalArgumentException | NullPointerException bad) {
            return "features are not base64";
        }
        return null;
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

    private static TransferSet toSet(String id, Map<Integer, SoftTarget> examples, int malformed) {
        int n = examples.size();
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        int[] ids = new int[n];
        float[] logits = new float[n * 10];
        int i = 0;
        for (SoftTarget e : examples.values()) {
            System.arraycopy(e.pixels(), 0, pixels, i * 784, 784);
            labels[i] = (byte) e.label();
            ids[i] = e.exampleId();
            System.arraycopy(e.logits(), 0, logits, i * 10, 10);
            i++;
        }
        return new TransferSet(new ImageSet(id, 28, 28, 10, pixels, labels, ids), logits, malformed);
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}

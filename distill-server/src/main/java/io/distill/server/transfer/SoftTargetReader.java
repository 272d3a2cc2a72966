package io.distill.server.transfer;

import io.distill.contract.events.FeatureForm;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.requests.Augmentation;
import io.distill.core.data.ExampleSet;
import io.distill.server.datasets.DataSets;
import io.distill.server.messaging.DeadLetters;
import io.distill.server.messaging.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
 * Each event is parsed and checked once ({@link SoftTargetDecoder}): an inline one keeps its pixels, a
 * reference is rebuilt from the split it names, read once per data set through {@link DataSets}. The
 * set has the data set's shape and class count. A malformed event goes to {@code soft-targets.dlq}
 * as it arrived, with the reason, and is not counted. Its consumer and dead-letter producer come from
 * {@link KafkaClients}, so every {@code kafka.*} setting reaches them.
 */
@ApplicationScoped
public class SoftTargetReader {

    private final KafkaClients clients;
    private final DataSets dataSets;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final String service;

    public SoftTargetReader(KafkaClients clients, DataSets dataSets,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.clients = clients;
        this.dataSets = dataSets;
        this.service = service;
        this.deadLetters = clients.producer("soft-targets-dlq", new StringSerializer(), new ByteArraySerializer(),
                Map.of());
    }

    /**
     * A transfer set in memory: the images (every copy of an augmented set, each with its example's id)
     * with their labels, and the teacher's logits.
     */
    public record TransferSet(ExampleSet images, float[] logits, int malformed) {}

    /**
     * The set {@code manifest} describes. Throws {@link TransferSetExpiredException} at once when
     * Kafka has deleted some of its events, and {@link IllegalStateException} when fewer than its
     * count arrive within {@code timeout}.
     */
    public TransferSet read(TransferSetManifest manifest, Duration timeout, BooleanSupplier cancelled) {
        String id = manifest.transferSetId();
        String prefix = id + "/";
        SoftTargetDecoder decoder = decoder(manifest);
        Map<Long, SoftTargetDecoder.Example> examples = new TreeMap<>();
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
                        SoftTargetDecoder.Example example = decoder.decode(record.value(), record.key());
                        examples.put(example.order(), example);
                    } catch (SoftTargetDecoder.Unusable e) {
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
        return toSet(decoder, examples, malformed);
    }

    /**
     * How {@code manifest}'s events are checked and assembled: inline, or as references into the split of
     * the data set its filters name, which this service reads (once, then shared) to rebuild them.
     */
    private SoftTargetDecoder decoder(TransferSetManifest manifest) {
        String id = manifest.transferSetId();
        TransferSetManifest.Filters filters = manifest.filters();
        Augmentation augmentation = filters == null ? Augmentation.NONE : filters.augmentation();
        if (manifest.features() == FeatureForm.INLINE) {
            return SoftTargetDecoder.inline(id, augmentation.copies(), manifest.classes(), manifest.shape());
        }
        try {
            String dataset = dataSets.require("dataset", filters.dataset()).key();
            ExampleSet split = dataSets.get(dataset).get(filters.split());
            return SoftTargetDecoder.reference(id, new ReferencedSplit(dataset, filters.split(), split,
                    augmentation));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Transfer set " + id + " refers to examples of data set "
                    + filters.dataset() + " (split " + filters.split() + "), which this service cannot read: "
                    + e.getMessage(), e);
        }
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

    private static TransferSet toSet(SoftTargetDecoder decoder, Map<Long, SoftTargetDecoder.Example> examples,
            int malformed) {
        int classes = decoder.classes();
        float[] logits = new float[Math.multiplyExact(examples.size(), classes)];
        int i = 0;
        for (SoftTargetDecoder.Example e : examples.values()) {
            System.arraycopy(e.logits(), 0, logits, i++ * classes, classes);
        }
        return new TransferSet(decoder.images(examples.values()), logits, malformed);
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}

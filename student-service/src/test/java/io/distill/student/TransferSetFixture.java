package io.distill.student;

import ai.djl.Model;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.FeatureForm;
import io.distill.contract.events.JsonSerializer;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.events.TransferSetManifestBuilder;
import io.distill.contract.events.TransferSetManifestFiltersBuilder;
import io.distill.contract.events.TransferSetState;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.Augmentation;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.TransferSetPlan;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Copies;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import io.distill.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real small teacher (784-256-10, trained on 10,000 MNIST images) and transfer sets of its logits,
 * published on {@code soft-targets} with their manifests exactly as the soft-target service would.
 */
final class TransferSetFixture {

    private static float[] trainLogits;
    private static Datasets.Splits mnist;

    private TransferSetFixture() {}

    static synchronized Datasets.Splits mnist() throws Exception {
        if (mnist == null) {
            mnist = Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), DatasetNames.MNIST);
        }
        return mnist;
    }

    /** The teacher's logits over the training split, training it on first use. */
    static synchronized float[] teacherLogits() throws Exception {
        if (trainLogits == null) {
            Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
            Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
            TrainConfig config = TrainConfig.builder().epochs(5).batchSize(100).learningRate(0.1).build();
            try (Model teacher = Models.create("fixture-teacher", Architecture.plain(784, List.of(256), 10), engine,
                    engine.defaultDevice(), 7)) {
                TrainingLoop.fit(teacher, BatchedDataset.builder(mnist().train().limit(10_000)).batchSize(100)
                        .shuffle(true).seed(7).build(), null, config, DistillationLoss.hard(), 0, List.of());
                trainLogits = Inference.logits(teacher.getBlock(), teacher.getNDManager(), mnist().train(), 1000);
            }
        }
        return trainLogits;
    }

    /**
     * Publishes the first {@code limit} training examples the filter keeps, then a COMPLETE manifest.
     * {@code extra} events (poison, duplicates) go out between them.
     */
    static void publish(String id, ClassFilter filter, int limit, List<ProducerRecord<String, Object>> extra)
            throws Exception {
        publish(id, filter, limit, extra, null);
    }

    /** As {@link #publish(String, ClassFilter, int, List)}, with a plan in the manifest; returns the manifest. */
    static TransferSetManifest publish(String id, ClassFilter filter, int limit,
            List<ProducerRecord<String, Object>> extra, JsonNode plan)
            throws Exception {
        return publish(id, filter, limit, Augmentation.NONE, extra, plan);
    }

    /**
     * Publishes the first {@code limit} training examples the filter keeps, each followed by its
     * jittered copies, then a COMPLETE manifest counting every copy; returns the manifest. A copy
     * carries the teacher's logits on its original image, which is all a test of what the student
     * consumes needs (the soft-target service's own test checks the logits of copies).
     */
    static TransferSetManifest publish(String id, ClassFilter filter, int limit, Augmentation augmentation,
            List<ProducerRecord<String, Object>> extra, JsonNode plan)
            throws Exception {
        return publish(id, filter, limit, augmentation, FeatureForm.INLINE, extra, plan);
    }

    /**
     * As {@link #publish(String, ClassFilter, int, Augmentation, List, JsonNode)}, each event carrying its
     * example in {@code form}: inline, or as a reference to MNIST's training split.
     */
    static TransferSetManifest publish(String id, ClassFilter filter, int limit, Augmentation augmentation,
            FeatureForm form, List<ProducerRecord<String, Object>> extra, JsonNode plan)
            throws Exception {
        ExampleSet originals = mnist().train().filter(filter).limit(limit);
        ExampleSet set = Copies.of(augmentation, originals);
        Map<Integer, long[]> offsets = new TreeMap<>();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                new StringSerializer(), (topic, data) -> data instanceof String s ? s.getBytes()
                        : new JsonSerializer<>().serialize(topic, data))) {
            for (int i = 0; i < set.size(); i++) {
                SoftTarget event = form == FeatureForm.INLINE ? event(id, set, i, augmentation.copyAt(i))
                        : reference(id, set, i, augmentation.copyAt(i));
                RecordMetadata m = producer.send(new ProducerRecord<>(Topics.SOFT_TARGETS, event.key(), event))
                        .get(30, TimeUnit.SECONDS);
                offsets.merge(m.partition(), new long[] {m.offset(), m.offset()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
            for (ProducerRecord<String, Object> record : extra) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
            Map<String, long[]> byPartition = new TreeMap<>();
            offsets.forEach((p, r) -> byPartition.put(Integer.toString(p), r));
            TransferSetManifest manifest = TransferSetManifestBuilder.builder().transferSetId(id)
                    .state(TransferSetState.COMPLETE).count(set.size()).classCounts(set.classCounts())
                    .teacherModelIds(List.of("fixture-teacher"))
                    .filters(TransferSetManifestFiltersBuilder.builder().dataset("mnist").split("train")
                            .omitClasses(List.copyOf(filter.omit())).onlyClasses(List.copyOf(filter.only()))
                            .limit(limit).combine("arithmetic").copies(augmentation.copies())
                            .jitter(augmentation.jitter()).augmentSeed(augmentation.seed()).build())
                    .topic(Topics.SOFT_TARGETS).offsets(byPartition)
                    .plan(plan == null ? null : Json.mapper().treeToValue(plan, TransferSetPlan.class)).generation(1)
                    .features(form).shape(InputShape.MNIST).build();
            producer.send(new ProducerRecord<>(Topics.TRANSFER_SETS, id, manifest)).get(30, TimeUnit.SECONDS);
            return manifest;
        }
    }

    /** The event of image {@code i} of {@code set}, copy {@code copy} of its example, with the teacher's logits. */
    static SoftTarget event(String id, ExampleSet set, int i, int copy) throws Exception {
        int exampleId = set.id(i);
        return SoftTargetBuilder.builder().transferSetId(id).exampleId(exampleId).copy(copy).label(set.label(i))
                .logits(Arrays.copyOfRange(teacherLogits(), exampleId * 10, exampleId * 10 + 10))
                .features(SoftTarget.encode(set.pixels(i))).shape(new int[] {28, 28}).build();
    }

    /** The reference event of image {@code i} of {@code set}: MNIST's training split, its example id and copy. */
    static SoftTarget reference(String id, ExampleSet set, int i, int copy) throws Exception {
        int exampleId = set.id(i);
        return SoftTargetBuilder.builder().transferSetId(id).dataset(DatasetNames.MNIST).split("train")
                .exampleId(exampleId).copy(copy).label(set.label(i))
                .logits(Arrays.copyOfRange(teacherLogits(), exampleId * 10, exampleId * 10 + 10)).build();
    }

    /** Sends one record as JSON, as a producer of that topic would. */
    static void send(String topic, String key, Object value) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                new StringSerializer(), new JsonSerializer<>())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}

package io.distill.specialist;

import ai.djl.Model;
import ai.djl.engine.Engine;
import com.sun.net.httpserver.HttpServer;
import io.distill.contract.events.JsonSerializer;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.events.SoftTargetBuilder;
import io.distill.contract.events.Topics;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.events.TransferSetManifestBuilder;
import io.distill.contract.events.TransferSetManifestFiltersBuilder;
import io.distill.contract.events.TransferSetState;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.TransferSetPlan;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import io.distill.testkit.KafkaBroker;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
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
 * A real small generalist (784-256-10, a few epochs on 10,000 training images), served over HTTP
 * like a teacher-service would, announced by a {@code ModelReady}, and transfer sets of its logits
 * published on {@code soft-targets} with their manifests as the soft-target-service would.
 */
final class GeneralistFixture {

    /** A trained generalist: its id, its logits over the training and test splits, its test errors. */
    @Builder
    record Generalist(String modelId, String dataset, Datasets.Splits data, float[] trainLogits, float[] testLogits,
            int testErrors, ModelReady announcement) {}

    private static final Map<String, Generalist> GENERALISTS = new HashMap<>();
    private static HttpServer server;
    private static Path served;

    private GeneralistFixture() {}

    /** The generalist for {@code dataset}, trained and announced on first use. */
    static synchronized Generalist generalist(String dataset) throws Exception {
        Generalist g = GENERALISTS.get(dataset);
        if (g == null) {
            g = train(dataset);
            GENERALISTS.put(dataset, g);
        }
        return g;
    }

    private static Generalist train(String dataset) throws Exception {
        Datasets.Splits data = Datasets.load(Path.of(System.getenv("DISTILL_DATA_DIR")), dataset);
        Engines.configure(Path.of("target", "djl-cache").toAbsolutePath());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        String id = "fx-gen-" + dataset;
        Architecture architecture = Architecture.plain(784, List.of(256), 10);
        TrainConfig config = TrainConfig.builder().epochs(4).batchSize(100).learningRate(0.1).seed(7).build();
        try (Model model = Models.create(id, architecture, engine, engine.defaultDevice(), 7)) {
            TrainingLoop.fit(model, BatchedDataset.builder(data.train().limit(10_000)).batchSize(100).shuffle(true)
                    .seed(7).build(), null, config, DistillationLoss.hard(), 0, List.of());
            float[] train = Inference.logits(model.getBlock(), model.getNDManager(), data.train(), 1000);
            float[] test = Inference.logits(model.getBlock(), model.getNDManager(), data.test(), 1000);
            int errors = Evaluation.score(test, data.test()).errors();
            ModelMetadata metadata = ModelMetadataBuilder.builder().modelId(id).kind("teacher")
                    .architecture(architecture).dataset(dataset).filters(ClassFilter.ALL)
                    .metrics(TeacherMetrics.testOnly(errors, data.test().size())).seed(7).engine(engine.getEngineName())
                    .engineVersion(engine.getVersion()).djlVersion(Engine.getDjlVersion()).createdAt(Instant.now())
                    .build();
            ModelMetadata saved = ModelArtifact.save(serve().resolve(id), model.getBlock(), metadata);
            ModelReady ready = ModelReadyBuilder.builder().modelId(id).kind("teacher").jobId("fx-job").member(0)
                    .ensembleSize(1).dataset(dataset).architecture(architecture)
                    .metrics(TeacherMetrics.testOnly(errors, data.test().size()))
                    .artifactUri("http://localhost:" + server.getAddress().getPort() + "/" + id).sha256(saved.sha256())
                    .createdAt(Instant.now()).build();
            send(Topics.TEACHER_MODELS, id, ready);
            return GeneralistFixtureGeneralistBuilder.builder().modelId(id).dataset(dataset).data(data)
                    .trainLogits(train).testLogits(test).testErrors(errors).announcement(ready).build();
        }
    }

    /** A plain HTTP server for the generalists' parameter files, started once. */
    private static Path serve() throws Exception {
        if (server == null) {
            served = Files.createTempDirectory("generalists");
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/", exchange -> {
                Path file = served.resolve(exchange.getRequestURI().getPath().substring(1))
                        .resolve(ModelArtifact.PARAMETERS);
                byte[] bytes = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
                exchange.sendResponseHeaders(bytes.length == 0 ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        }
        return served;
    }

    /** Publishes the first {@code limit} training examples with the generalist's logits, then a COMPLETE manifest. */
    static TransferSetManifest publishTransferSet(Generalist g, String id, int limit,
            com.fasterxml.jackson.databind.JsonNode plan) throws Exception {
        ExampleSet set = g.data().train().limit(limit);
        Map<Integer, long[]> offsets = new TreeMap<>();
        try (KafkaProducer<String, Object> producer = producer()) {
            for (int i = 0; i < set.size(); i++) {
                int exampleId = set.id(i);
                SoftTarget event = SoftTargetBuilder.builder().transferSetId(id).exampleId(exampleId).copy(0)
                        .label(set.label(i))
                        .logits(Arrays.copyOfRange(g.trainLogits(), exampleId * 10, exampleId * 10 + 10))
                        .features(SoftTarget.encode(set.pixels(i))).shape(new int[] {28, 28}).build();
                RecordMetadata m = producer.send(new ProducerRecord<>(Topics.SOFT_TARGETS, event.key(), event))
                        .get(30, TimeUnit.SECONDS);
                offsets.merge(m.partition(), new long[] {m.offset(), m.offset()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
            Map<String, long[]> byPartition = new TreeMap<>();
            offsets.forEach((p, r) -> byPartition.put(Integer.toString(p), r));
            TransferSetManifest manifest = TransferSetManifestBuilder.builder().transferSetId(id)
                    .state(TransferSetState.COMPLETE).count(set.size()).classCounts(set.classCounts())
                    .teacherModelIds(List.of(g.modelId()))
                    .filters(TransferSetManifestFiltersBuilder.builder().dataset(g.dataset()).split("train")
                            .omitClasses(List.of()).onlyClasses(List.of()).limit(limit).combine("arithmetic").copies(1)
                            .jitter(0).augmentSeed(1L).build())
                    .topic(Topics.SOFT_TARGETS).offsets(byPartition)
                    .plan(plan == null ? null : Json.mapper().treeToValue(plan, TransferSetPlan.class)).generation(1)
                    .build();
            producer.send(new ProducerRecord<>(Topics.TRANSFER_SETS, id, manifest)).get(30, TimeUnit.SECONDS);
            return manifest;
        }
    }

    /** The directory holding the generalist's artifact as it is served. */
    static Path artifact(Generalist g) {
        return served.resolve(g.modelId());
    }

    /** Sends one record; a String value goes out as it is, anything else as JSON. */
    static void send(String topic, String key, Object value) throws Exception {
        try (KafkaProducer<String, Object> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                new StringSerializer(), (topic, data) -> data instanceof String s ? s.getBytes()
                        : new JsonSerializer<>().serialize(topic, data));
    }
}

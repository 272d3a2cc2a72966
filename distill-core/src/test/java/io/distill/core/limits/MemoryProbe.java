package io.distill.core.limits;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Run by {@link MeasuredMemoryTest} in a JVM of its own, whose heap is all resident from the start:
 * trains (or loads and scores) one net after a warm-up, and prints how far the process's peak
 * resident memory grew meanwhile, which is then MXNet's native memory and nothing else.
 */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    /** {@code train|load <batch> <width,width,...>}: prints {@code grown <bytes>}. */
    public static void main(String[] args) throws Exception {
        boolean train = args[0].equals("train");
        int batch = Integer.parseInt(args[1]);
        List<Integer> hidden = Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
        Architecture net = Architecture.mlp(784, hidden, 10, 0.2, 0.5);
        Datasets.Splits mnist = TestData.mnist();
        Engine engine = TestData.engine();
        Path dir = Files.createTempDirectory("memory-probe");
        // The engine's own start (its library, thread pools, first kernels) is paid by a tiny net.
        Architecture tiny = Architecture.plain(784, List.of(16), 10);
        train(engine, tiny, batch, mnist, dir.resolve("tiny"));
        score(engine, dir.resolve("tiny"), mnist);
        if (!train) {
            train(engine, net, batch, mnist, dir.resolve("net"));
        }
        long before = kibibytes("VmRSS");
        // Writing 5 resets the peak (VmHWM) to what is resident now.
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        if (train) {
            train(engine, net, batch, mnist, dir.resolve("net"));
        } else {
            score(engine, dir.resolve("net"), mnist);
        }
        System.out.println("grown " + (kibibytes("VmHWM") - before) * 1024);
    }

    /** One epoch of {@code 4 x batch} examples, scored on 1,000 validation and test images, then saved. */
    private static void train(Engine engine, Architecture net, int batch, Datasets.Splits mnist, Path dir)
            throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(batch).learningRate(0.01).momentum(0.9).build();
        try (Model model = Models.create("probe", net, engine, engine.defaultDevice(), 1)) {
            TrainingLoop.fit(model, BatchedDataset.builder(mnist.train().limit(4 * batch)).batchSize(batch).build(),
                    mnist.validation().limit(1_000), config, DistillationLoss.hard(), 0, List.of());
            Evaluation.evaluate(model.getBlock(), model.getNDManager(), mnist.test().limit(1_000), 1_000);
            ModelArtifact.save(dir, model.getBlock(), ModelMetadataBuilder.builder().modelId("probe").kind("teacher")
                    .architecture(net).dataset(DatasetNames.MNIST).filters(ClassFilter.ALL)
                    .metrics(TeacherMetrics.testOnly(0, 1)).seed(1).engine(engine.getEngineName())
                    .engineVersion(engine.getVersion()).djlVersion(Engine.getDjlVersion()).createdAt(Instant.now())
                    .build());
        }
    }

    /** Loads a saved net and computes its logits over 1,000 test images in one pass. */
    private static void score(Engine engine, Path dir, Datasets.Splits mnist) throws IOException {
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(dir, engine, engine.defaultDevice())) {
            Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), mnist.test().limit(1_000),
                    MemoryEstimate.SCORING_BATCH);
        }
    }

    private static long kibibytes(String field) throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + field + ".");
    }
}

package io.distill.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureBuilder;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of the distill-core loop on real MNIST: examples/s and achieved GFLOP/s.
 *
 * <p>A benchmark, not a test: run it with {@code deploy/bench/throughput.sh}. Each case trains one
 * warm-up epoch, then {@code BENCH_EPOCHS} timed epochs; it reports each epoch and their mean.
 * GFLOP/s counts 6 floating-point operations per weight per example (2 forward, 4 backward). For a
 * dense net, "limit" is the same-shape GEMM limit measured right after the case ({@link GemmLimit}),
 * and "of limit" the case's share of it.
 */
public final class TrainingThroughput {

    private TrainingThroughput() {}

    /** One benchmarked setting. */
    record Case(String name, Architecture net, int batchSize, Double maxNorm, int maxNormEvery, int jitter) {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(env("DISTILL_DATA_DIR", System.getProperty("user.home") + "/.cache/distill"));
        int epochs = Integer.parseInt(env("BENCH_EPOCHS", "3"));
        int limit = Integer.parseInt(env("BENCH_TRAIN_LIMIT", "55000"));
        Engines.configure(Path.of(env("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/distill/djl")));
        Engine engine = Engines.engine(env("DISTILL_ENGINE", Engines.DEFAULT_ENGINE));
        Device device = Engines.device(engine, Engines.DeviceMode.parse(env("DISTILL_DEVICE", "auto")));
        // BENCH_DATASET=fashion-mnist trains on Fashion-MNIST: the same shapes, so the same rates are expected.
        Datasets.Splits mnist = Datasets.load(dataDir, env("BENCH_DATASET", DatasetNames.MNIST));
        ExampleSet train = mnist.train().limit(limit);
        // BENCH_VALIDATION=1 scores the validation split after each epoch, as the services do.
        ExampleSet validation = "1".equals(System.getenv("BENCH_VALIDATION")) ? mnist.validation() : null;

        Architecture teacher = Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5);
        Architecture plainTeacher = Architecture.plain(784, List.of(1200, 1200), 10);
        Architecture student = Architecture.plain(784, List.of(800, 800), 10);
        List<Case> cases = List.of(
                new Case("784-1200-1200-10 plain", plainTeacher, 128, null, 1, 0),
                new Case("784-1200-1200-10 teacher recipe", teacher, 128, 15.0, 1, 2),
                new Case("784-1200-1200-10 teacher recipe", teacher, 256, 15.0, 1, 2),
                new Case("784-800-800-10 student", student, 128, null, 1, 0),
                new Case("784-1200-1200-10 dropout only", teacher, 128, null, 1, 0),
                new Case("784-1200-1200-10 max-norm only", plainTeacher, 128, 15.0, 1, 0),
                new Case("784-1200-1200-10 jitter only", plainTeacher, 128, null, 1, 2),
                new Case("784-1200-1200-10 teacher, norm/4", teacher, 128, 15.0, 4, 2),
                new Case("784-1200-1200-10 teacher, norm/4", teacher, 256, 15.0, 4, 2),
                new Case("cnn teacher (Fashion)", cnn(List.of(new ConvLayer(32, 3, 2), new ConvLayer(64, 3, 2)),
                        256, 0.5, true), 128, null, 1, 0),
                new Case("cnn student (small)", cnn(List.of(new ConvLayer(16, 3, 2), new ConvLayer(32, 3, 2)),
                        64, 0, false), 128, null, 1, 0));
        List<Integer> only = selected(System.getenv("BENCH_CASES"));

        System.out.printf(Locale.ROOT, "%-34s %6s %10s %10s %8s %10s %8s%n", "net", "batch", "ex/s", "sd", "GFLOP/s",
                "limit", "of limit");
        for (int i = 0; i < cases.size(); i++) {
            if (only != null && !only.contains(i)) {
                continue;
            }
            Case c = cases.get(i);
            List<Double> rates = run(c, train, validation, epochs, engine, device);
            double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double sd = Math.sqrt(rates.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum()
                    / Math.max(1, rates.size() - 1));
            // A training step is about three forward passes: forward, and backward to inputs and to weights.
            double gflops = mean * 3.0 * c.net().forwardFlops() / 1e9;
            // The same-shape GEMM limit (GemmLimit), measured right after the case, for dense nets.
            double gemmLimit = gemmLimit(c, engine);
            System.out.printf(Locale.ROOT, "%-34s %6d %10.0f %10.0f %8.1f %10s %8s   epochs %s%n",
                    c.name(), c.batchSize(), mean, sd, gflops,
                    Double.isNaN(gemmLimit) ? "-" : String.format(Locale.ROOT, "%.0f", gemmLimit),
                    Double.isNaN(gemmLimit) ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * mean / gemmLimit),
                    rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
        }
    }

    private static List<Double> run(Case c, ExampleSet train, ExampleSet validation, int epochs, Engine engine,
            Device device)
            throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(epochs + 1).batchSize(c.batchSize()).learningRate(0.05)
                .momentum(0.9).maxNorm(c.maxNorm()).maxNormEvery(c.maxNormEvery()).jitter(c.jitter()).build();
        List<Double> rates = new ArrayList<>();
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report, ai.djl.nn.Block block) {
                if (report.epoch() > 1) {
                    rates.add(report.examplesPerSecond());
                }
            }
        };
        try (Model model = Models.create("bench", c.net(), engine, device, 1)) {
            BatchedDataset data = BatchedDataset.builder(train).batchSize(c.batchSize()).shuffle(true)
                    .jitter(c.jitter()).build();
            TrainingLoop.fit(model, data, validation, config, DistillationLoss.hard(), 0, List.of(timer));
        }
        return rates;
    }

    /** The median examples/s of the case's GEMM limit; NaN for a CNN. */
    private static double gemmLimit(Case c, Engine engine) {
        // BENCH_GEMM_STEPS: steps of each of the limit's 5 runs; 0 leaves the limit out.
        int steps = Integer.parseInt(env("BENCH_GEMM_STEPS", "200"));
        if (c.net().type() != ArchitectureType.MLP || steps == 0) {
            return Double.NaN;
        }
        try (NDManager manager = engine.newBaseManager(engine.defaultDevice())) {
            return GemmLimit.median(GemmLimit.examplesPerSecond(manager, GemmLimit.Step.of(c.net(), c.batchSize()),
                    steps, 5));
        }
    }

    /** The CNNs the Fashion-MNIST results use: 28x28 images, 10 classes. */
    private static Architecture cnn(List<ConvLayer> conv, int hidden, double hiddenDropout, boolean batchNorm) {
        return ArchitectureBuilder.builder().type(ArchitectureType.CNN).input(InputShape.MNIST).conv(conv)
                .hidden(List.of(hidden)).outputs(10).hiddenDropout(hiddenDropout).batchNorm(batchNorm).build();
    }

    /** BENCH_CASES: indices separated by commas ("9,10"), or without commas one digit each ("038"); null: all. */
    private static List<Integer> selected(String cases) {
        if (cases == null || cases.isBlank()) {
            return null;
        }
        return (cases.contains(",") ? Arrays.stream(cases.split(",")).map(String::trim)
                : cases.chars().mapToObj(c -> String.valueOf((char) c))).map(Integer::parseInt).toList();
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}

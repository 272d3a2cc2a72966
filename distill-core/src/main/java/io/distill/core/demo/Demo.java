package io.distill.core.demo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ImageSet;
import io.distill.core.eval.EvalResult;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Architecture;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The paper's MNIST experiment in one process, at a size that fits a few minutes on two cores:
 * a jittered dropout teacher, then a hard-label student and a distilled student (T=20) of the same
 * size, all on real MNIST. It prints the test errors beside the paper's.
 *
 * <p>Run it with {@code deploy/local/run.sh}. Environment: {@code DISTILL_DATA_DIR},
 * {@code DEMO_TEACHER_EPOCHS}, {@code DEMO_STUDENT_EPOCHS}, {@code DEMO_TRAIN_LIMIT}.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(env("DISTILL_DATA_DIR", System.getProperty("user.home") + "/.cache/distill"));
        int teacherEpochs = Integer.parseInt(env("DEMO_TEACHER_EPOCHS", "6"));
        int studentEpochs = Integer.parseInt(env("DEMO_STUDENT_EPOCHS", "6"));
        int trainLimit = Integer.parseInt(env("DEMO_TRAIN_LIMIT", "55000"));

        Engines.configure(Path.of(env("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/distill/djl")));
        Engine engine = Engines.engine(env("DISTILL_ENGINE", Engines.DEFAULT_ENGINE));
        Device device = Engines.device(engine, Engines.DeviceMode.parse(env("DISTILL_DEVICE", "auto")));
        Datasets.Splits mnist = Datasets.load(dataDir, Datasets.MNIST);
        ImageSet train = mnist.train().limit(trainLimit);
        System.out.printf("MNIST: %d training, %d validation, %d test images%n",
                train.size(), mnist.validation().size(), mnist.test().size());

        Architecture teacherNet = new Architecture(784, List.of(1200, 1200), 10, 0.2, 0.5);
        TrainConfig teacherConfig = TrainConfig.builder().epochs(teacherEpochs).batchSize(128).learningRate(0.1)
                .momentum(0.9).warmupEpochs(Math.min(1, teacherEpochs - 1)).maxNorm(3.5).maxNormEvery(4).jitter(2)
                .build();
        float[] teacherLogits;
        EvalResult teacher;
        try (Model model = Models.create("teacher", teacherNet, engine, device, 1)) {
            fit("teacher " + teacherNet.label(), model, train, null, teacherConfig, DistillationLoss.hard(), mnist);
            teacher = Evaluation.evaluate(model.getBlock(), model.getNDManager(), mnist.test(), 1000);
            teacherLogits = Inference.logits(model.getBlock(), model.getNDManager(), train, 1000);
        }

        Architecture studentNet = Architecture.plain(784, List.of(800, 800), 10);
        TrainConfig hardConfig = TrainConfig.builder().epochs(studentEpochs).batchSize(128).learningRate(0.1)
                .momentum(0.9).build();
        // At T=20 the T^2-scaled soft term has large gradients: a lower rate and clipping keep it stable.
        TrainConfig distillConfig = hardConfig.toBuilder().learningRate(0.03).warmupEpochs(Math.min(1,
                studentEpochs - 1)).clipGradient(5.0).build();
        EvalResult hard = student("hard student " + studentNet.label(), studentNet, train, null, hardConfig,
                DistillationLoss.hard(), engine, device, mnist);
        EvalResult distilled = student("distilled student " + studentNet.label() + " T=20", studentNet, train,
                teacherLogits, distillConfig, new DistillationLoss(20, 0.9, 0.1), engine, device, mnist);

        System.out.println();
        System.out.println("model                                  test errors   paper");
        row("teacher 784-1200-1200-10 (" + teacherEpochs + " epochs)", teacher.errors(), 67);
        row("hard student 784-800-800-10 (" + studentEpochs + " epochs)", hard.errors(), 146);
        row("distilled student T=20 (" + studentEpochs + " epochs)", distilled.errors(), 74);
        System.out.println("(errors out of " + teacher.total() + "; the paper trained for thousands of epochs)");
    }

    private static EvalResult student(String name, Architecture net, ImageSet train, float[] teacherLogits,
            TrainConfig config, DistillationLoss loss, Engine engine, Device device, Datasets.Splits mnist)
            throws IOException {
        try (Model model = Models.create(name, net, engine, device, 1)) {
            fit(name, model, train, teacherLogits, config, loss, mnist);
            return Evaluation.evaluate(model.getBlock(), model.getNDManager(), mnist.test(), 1000);
        }
    }

    private static void fit(String name, Model model, ImageSet train, float[] teacherLogits, TrainConfig config,
            DistillationLoss loss, Datasets.Splits mnist) throws IOException {
        BatchedDataset data = BatchedDataset.builder(train).batchSize(config.batchSize()).shuffle(true)
                .jitter(config.jitter()).seed(config.seed()).teacherLogits(teacherLogits).build();
        TrainingListener printer = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport r, ai.djl.nn.Block block) {
                System.out.printf(Locale.ROOT, "%-40s epoch %2d/%d  loss %.4f  validation errors %4d/%d  %6.0f ex/s%n",
                        name, r.epoch(), r.epochs(), r.trainLoss(), r.validationErrors(), r.validationTotal(),
                        r.examplesPerSecond());
            }
        };
        TrainingLoop.fit(model, data, mnist.validation(), config, loss, 0, List.of(printer));
    }

    private static void row(String name, int errors, int paper) {
        System.out.printf(Locale.ROOT, "%-40s %11d %7d%n", name, errors, paper);
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}

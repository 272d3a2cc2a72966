package io.distill.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.Augmentation;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.StudentMode;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Copies;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a student learns from a teacher's logits: a research probe, not a service path. It trains
 * one 784-800-800-10 student in-process on the training split with the teacher's logits (the
 * unaugmented transfer set), and after every few epochs prints how close the student's logits are
 * to the teacher's on the transfer set and on the validation split, beside its validation errors.
 * Hyperparameters are read on validation only; the test split is scored once, at the end.
 *
 * <p>Run it with {@code deploy/bench/distill-probe.sh}. The teacher is a model artifact directory
 * ({@code TEACHER_DIR}); its logits are cached in {@code TEACHER_DIR/logits.bin}.
 */
public final class DistillProbe {

    private DistillProbe() {}

    /** A teacher's logits on the three splits. */
    record TeacherLogits(float[] train, float[] validation, float[] test) {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(env("DISTILL_DATA_DIR", System.getProperty("user.home") + "/.cache/distill"));
        Engines.configure(Path.of(env("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/distill/djl")));
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        Device device = Engines.device(engine, Engines.DeviceMode.parse(env("DISTILL_DEVICE", "auto")));
        Datasets.Splits mnist = Datasets.load(dataDir, DatasetNames.MNIST);
        Path teacherDir = Path.of(env("TEACHER_DIR", ""));
        TeacherLogits teacher = teacherLogits(teacherDir, mnist, engine, device);
        describeTeacher(teacher, mnist);

        String mode = env("MODE", StudentMode.DEFAULT.value());
        StudentMode studentMode = StudentMode.of(mode)
                .orElseThrow(() -> new IllegalArgumentException("MODE is " + mode + ", not a student mode"));
        double temperature = Double.parseDouble(env("T", Double.toString(studentMode.temperature(20))));
        // The weights default as student-service's do: 0.9 and 0.1 when the mode has both terms.
        DistillationLoss loss = studentMode.softTerm() ? new DistillationLoss(temperature,
                Double.parseDouble(env("SOFT_WEIGHT", Double.toString(studentMode.softWeight(0.9)))),
                Double.parseDouble(env("HARD_WEIGHT", Double.toString(studentMode.hardWeight(0.1)))))
                : DistillationLoss.hard();
        String clip = env("CLIP", "none");
        TrainConfig config = TrainConfig.builder().epochs(Integer.parseInt(env("EPOCHS", "60")))
                .batchSize(Integer.parseInt(env("BATCH", "128"))).optimizer(env("OPTIMIZER", "sgd"))
                .learningRate(Double.parseDouble(env("LR", "0.03")))
                .momentum(Double.parseDouble(env("MOMENTUM", "0.9")))
                .warmupEpochs(Integer.parseInt(env("WARMUP", "1")))
                .weightDecay(Double.parseDouble(env("WEIGHT_DECAY", "0")))
                .clipGradient("none".equals(clip) ? null : Double.valueOf(clip))
                .seed(Long.parseLong(env("SEED", "1"))).build();
        int every = Integer.parseInt(env("PROBE_EVERY", "5"));
        System.out.printf(Locale.ROOT, "student %s T=%s soft=%s hard=%s %s%n", mode, temperature,
                loss.softWeight(), loss.hardWeight(), config);

        ExampleSet train = mnist.train();
        ExampleSet trainProbe = train.limit(5_000);
        float[] trainProbeLogits = java.util.Arrays.copyOf(teacher.train(), 5_000 * 10);
        float[] trainLogits = teacher.train();
        int copies = Integer.parseInt(env("COPIES", "1"));
        if (copies > 1) {
            // The augmented transfer set: the original images and copies-1 jittered copies, with the
            // teacher's logits on each copy as it was shifted.
            // The same copies and shifts as a transfer set with copies, jitter and augmentSeed 1 would stream.
            train = Copies.of(new Augmentation(copies, Integer.parseInt(env("JITTER", "2")), 1), train);
            try (ModelArtifact.Loaded loaded = ModelArtifact.load(teacherDir, engine, device)) {
                trainLogits = Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), train, 1000);
            }
            System.out.printf(Locale.ROOT, "augmented transfer set: %d examples, teacher errors on it %d%n",
                    train.size(), Evaluation.score(trainLogits, train).errors());
        }
        Architecture net = Architecture.plain(784, List.of(800, 800), 10);
        try (Model model = Models.create("probe", net, engine, device, config.seed())) {
            BatchedDataset batches = BatchedDataset.builder(train).batchSize(config.batchSize()).shuffle(true)
                    .seed(config.seed()).teacherLogits(loss.needsTeacher() ? trainLogits : null).build();
            TrainingListener probe = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochReport report, Block block) {
                    if (report.epoch() % every != 0 && report.epoch() != report.epochs()) {
                        return;
                    }
                    float[] onTrain = Inference.logits(block, model.getNDManager(), trainProbe, 1000);
                    float[] onValidation = Inference.logits(block, model.getNDManager(), mnist.validation(), 1000);
                    System.out.printf(Locale.ROOT,
                            "epoch %3d loss %.4f lr %.4f | val errors %3d | train-5k errors %3d | dL/ds rms soft %.4f"
                                    + " hard %.4f | logit rmse train %.3f val %.3f | agree val %d | %.0f ex/s%n",
                            report.epoch(), report.trainLoss(), report.learningRate(), report.validationErrors(),
                            Evaluation.score(onTrain, trainProbe).errors(),
                            LogitStats.softGradientRms(onTrain, trainProbeLogits, temperature) * loss.softWeight(),
                            LogitStats.hardGradientRms(onTrain, trainProbe) * loss.hardWeight(),
                            LogitStats.centredRmse(onTrain, trainProbeLogits),
                            LogitStats.centredRmse(onValidation, teacher.validation()),
                            LogitStats.agreement(onValidation, teacher.validation()), report.examplesPerSecond());
                }
            };
            TrainingLoop.fit(model, batches, mnist.validation(), config, loss, 0, List.of(probe));
            float[] test = Inference.logits(model.getBlock(), model.getNDManager(), mnist.test(), 1000);
            float[] validation = Inference.logits(model.getBlock(), model.getNDManager(), mnist.validation(), 1000);
            System.out.printf(Locale.ROOT, "final: validation errors %d, test errors %d, test logit rmse %.3f%n",
                    Evaluation.score(validation, mnist.validation()).errors(),
                    Evaluation.score(test, mnist.test()).errors(), LogitStats.centredRmse(test, teacher.test()));
        }
    }

    /** The teacher's errors, and the scale and softness of its logits on each split. */
    static void describeTeacher(TeacherLogits t, Datasets.Splits mnist) {
        System.out.printf(Locale.ROOT, "teacher errors: train %d, validation %d, test %d%n",
                Evaluation.score(t.train(), mnist.train()).errors(),
                Evaluation.score(t.validation(), mnist.validation()).errors(),
                Evaluation.score(t.test(), mnist.test()).errors());
        for (var split : List.of(List.of("train", t.train()), List.of("validation", t.validation()))) {
            float[] z = (float[]) split.get(1);
            System.out.printf(Locale.ROOT, "teacher logits on %s: centred sd %.2f, top1-top2 gap %.2f,"
                    + " wrong-class sd %.2f, entropy at T=1 %.3f, T=4 %.3f, T=20 %.3f nats%n", split.get(0),
                    LogitStats.centredRmse(z, new float[z.length]), LogitStats.meanGap(z),
                    LogitStats.wrongClassSd(z), LogitStats.entropy(z, 1), LogitStats.entropy(z, 4),
                    LogitStats.entropy(z, 20));
        }
    }

    /** The teacher's logits, from {@code dir/logits.bin} or computed from the artifact in {@code dir}. */
    static TeacherLogits teacherLogits(Path dir, Datasets.Splits mnist, Engine engine, Device device)
            throws IOException {
        Path cache = dir.resolve("logits.bin");
        if (Files.exists(cache)) {
            try (InputStream raw = Files.newInputStream(cache);
                    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
                return new TeacherLogits(read(in), read(in), read(in));
            }
        }
        Files.createDirectories(dir);
        try (Model model = Files.exists(dir.resolve(ModelArtifact.METADATA))
                ? ModelArtifact.load(dir, engine, device).model() : trainTeacher(mnist, engine, device)) {
            TeacherLogits logits = new TeacherLogits(
                    Inference.logits(model.getBlock(), model.getNDManager(), mnist.train(), 1000),
                    Inference.logits(model.getBlock(), model.getNDManager(), mnist.validation(), 1000),
                    Inference.logits(model.getBlock(), model.getNDManager(), mnist.test(), 1000));
            Path tmp = dir.resolve("logits.bin.tmp");
            try (OutputStream raw = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
                for (float[] a : List.of(logits.train(), logits.validation(), logits.test())) {
                    out.writeInt(a.length);
                    for (float v : a) {
                        out.writeFloat(v);
                    }
                }
            }
            // Atomic, so a probe started alongside never reads a half-written cache.
            Files.move(tmp, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return logits;
        }
    }

    /** A proxy teacher for trying the probe: the paper's net and recipe, {@code TEACHER_EPOCHS} epochs. */
    private static Model trainTeacher(Datasets.Splits mnist, Engine engine, Device device) throws IOException {
        int epochs = Integer.parseInt(env("TEACHER_EPOCHS", "20"));
        TrainConfig config = TrainConfig.builder().epochs(epochs).batchSize(256).learningRate(0.1).momentum(0.5)
                .finalMomentum(0.95).momentumRampEpochs(Math.max(1, epochs * 45 / 150)).warmupEpochs(1)
                .maxNorm(15.0).maxNormEvery(4).jitter(2).seed(1).build();
        Model model = Models.create("proxy-teacher", Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5),
                engine, device, 1);
        BatchedDataset batches = BatchedDataset.builder(mnist.train()).batchSize(256).shuffle(true).jitter(2)
                .seed(1).build();
        TrainingLoop.fit(model, batches, mnist.validation(), config, DistillationLoss.hard(), 0,
                List.of(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report, Block block) {
                        System.out.printf(Locale.ROOT, "teacher epoch %d: validation errors %d%n", report.epoch(),
                                report.validationErrors());
                    }
                }));
        return model;
    }

    private static float[] read(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.distill.teacher.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.data.Datasets;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.RequestFields;
import io.distill.core.model.Architecture;
import io.distill.core.train.TrainConfig;
import io.distill.teacher.config.TeacherDefaults;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /teachers}, with every default filled in. The job keeps it, so a restarted service
 * resumes the same run.
 *
 * @param maxNorm      null turns the max-norm constraint off
 * @param trainLimit   only the first N training examples; null for the whole training split
 * @param ensembleSize members, trained with seeds {@code seed}, {@code seed+1}, ...
 * @param plan         the pipeline plan that travels on in each {@code ModelReady}
 */
public record TeacherRequest(
        String dataset,
        List<Integer> hidden,
        double inputDropout,
        double hiddenDropout,
        Double maxNorm,
        int maxNormEvery,
        int jitter,
        int epochs,
        int batchSize,
        String optimizer,
        double learningRate,
        double momentum,
        Double finalMomentum,
        int momentumRampEpochs,
        int warmupEpochs,
        String schedule,
        double decay,
        double weightDecay,
        Double clipGradient,
        Integer patience,
        long seed,
        Integer trainLimit,
        int ensembleSize,
        JsonNode plan) {

    /** The most members one job may train. */
    public static final int MAX_ENSEMBLE = 32;

    private static final Set<String> FIELDS = Set.of("dataset", "hidden", "inputDropout", "hiddenDropout",
            "maxNorm", "maxNormEvery", "jitter", "epochs", "batchSize", "optimizer", "learningRate", "momentum",
            "finalMomentum", "momentumRampEpochs", "warmupEpochs", "schedule", "decay", "weightDecay",
            "clipGradient", "patience", "seed", "trainLimit", "ensembleSize", "plan");

    /** Reads a request body, filling defaults and checking every field; bad fields throw {@link FieldException}. */
    public static TeacherRequest parse(JsonNode body, TeacherDefaults d) {
        RequestFields f = RequestFields.of(body, FIELDS);
        int epochs = f.integer("epochs", d.epochs());
        TeacherRequest request = new TeacherRequest(
                f.text("dataset", Datasets.MNIST),
                f.integers("hidden", d.hidden()),
                f.number("inputDropout", d.inputDropout()),
                f.number("hiddenDropout", d.hiddenDropout()),
                f.nullableNumber("maxNorm", d.maxNorm()),
                f.integer("maxNormEvery", d.maxNormEvery()),
                f.integer("jitter", d.jitter()),
                epochs,
                f.integer("batchSize", d.batchSize()),
                f.choice("optimizer", d.optimizer(), List.of(TrainConfig.SGD, TrainConfig.ADAM)),
                f.number("learningRate", d.learningRate()),
                f.number("momentum", d.momentum()),
                f.nullableNumber("finalMomentum", d.finalMomentum()),
                f.integer("momentumRampEpochs", scaled(d.momentumRampEpochs(), epochs, d.epochs())),
                f.integer("warmupEpochs", scaled(d.warmupEpochs(), epochs, d.epochs())),
                f.choice("schedule", d.schedule(), List.of(TrainConfig.COSINE, TrainConfig.EXPONENTIAL,
                        TrainConfig.CONSTANT)),
                f.number("decay", 1.0),
                f.number("weightDecay", 0),
                f.nullableNumber("clipGradient", null),
                f.optionalInteger("patience"),
                f.integer("seed", 1),
                f.has("trainLimit") ? f.optionalInteger("trainLimit") : d.trainLimit().orElse(null),
                f.integer("ensembleSize", 1),
                f.object("plan"));
        request.check();
        return request;
    }

    /**
     * A default length in epochs (warm-up, momentum ramp) for a run of {@code epochs}: the configured
     * value at the default run length or longer, proportionally less for a shorter run, and at
     * least one epoch when the configured value is not zero. A 6-epoch run should not spend 5 of
     * them warming up.
     */
    public static int scaled(int configured, int epochs, int defaultEpochs) {
        if (configured <= 0 || epochs >= defaultEpochs) {
            return configured;
        }
        return Math.max(1, (int) Math.round((double) configured * epochs / defaultEpochs));
    }

    /** Checks the values that the architecture and training config do not. */
    private void check() {
        try {
            architecture();
            trainConfig(0);
        } catch (IllegalArgumentException e) {
            throw FieldException.from(e);
        }
        if (ensembleSize < 1 || ensembleSize > MAX_ENSEMBLE) {
            throw new FieldException("ensembleSize", "is " + ensembleSize + ", expected 1 to " + MAX_ENSEMBLE);
        }
        if (trainLimit != null && trainLimit <= 0) {
            throw new FieldException("trainLimit", "is " + trainLimit + ", expected a positive number or null");
        }
    }

    /** The net: 784 pixels in, the hidden layers, 10 classes out. */
    public Architecture architecture() {
        return new Architecture(784, hidden, Datasets.CLASSES, inputDropout, hiddenDropout);
    }

    /** The optimisation settings of member {@code member}, whose seed is {@code seed + member}. */
    public TrainConfig trainConfig(int member) {
        return TrainConfig.builder().epochs(epochs).batchSize(batchSize).optimizer(optimizer)
                .learningRate(learningRate).momentum(momentum).finalMomentum(finalMomentum)
                .momentumRampEpochs(momentumRampEpochs).warmupEpochs(Math.min(warmupEpochs, epochs - 1))
                .schedule(schedule).decay(decay).weightDecay(weightDecay).maxNorm(maxNorm)
                .maxNormEvery(maxNormEvery).clipGradient(clipGradient).jitter(jitter).seed(seed + member)
                .patience(patience).build();
    }
}

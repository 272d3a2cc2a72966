package io.distill.specialist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.data.Datasets;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.RequestFields;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.specialist.config.SpecialistDefaults;
import java.util.Set;

/**
 * {@code POST /ensembles}, with every default filled in.
 *
 * @param generalistModelId       a teacher or student, known from its {@code ModelReady}
 * @param transferSetId           the generalist's soft targets over the data the specialists train on
 * @param specialists             how many clusters of classes (so at most how many specialists)
 * @param maxClassesPerSpecialist the most classes in one subset, below the class count
 * @param overlap                 how many nearest classes of other subsets each subset also takes
 * @param topN                    how many of the generalist's top classes pick the active specialists
 * @param useSoftTargets          false: hard labels only (the paper); true: also the generalist's soft
 *                                targets restricted to S + dustbin at {@code temperature}
 * @param softWeight              weight of the T²-scaled soft term when {@code useSoftTargets}
 * @param waitForInputs           true: an unknown generalist or transfer set is waited for, not refused
 */
public record EnsembleRequest(
        String generalistModelId,
        String transferSetId,
        int specialists,
        int maxClassesPerSpecialist,
        int overlap,
        int topN,
        int epochs,
        int batchSize,
        double learningRate,
        double momentum,
        long seed,
        boolean useSoftTargets,
        double temperature,
        double softWeight,
        boolean waitForInputs,
        JsonNode plan) {

    private static final Set<String> FIELDS = Set.of("generalistModelId", "transferSetId", "specialists",
            "maxClassesPerSpecialist", "overlap", "topN", "epochs", "batchSize", "learningRate", "momentum", "seed",
            "useSoftTargets", "temperature", "softWeight", "waitForInputs", "plan");

    /** Reads a request body, filling defaults; a bad field throws {@link FieldException}. */
    public static EnsembleRequest parse(JsonNode body, SpecialistDefaults d) {
        RequestFields f = RequestFields.of(body, FIELDS);
        EnsembleRequest request = new EnsembleRequest(
                required(f, "generalistModelId"),
                required(f, "transferSetId"),
                f.integer("specialists", d.specialists()),
                f.integer("maxClassesPerSpecialist", d.maxClassesPerSpecialist()),
                f.integer("overlap", d.overlap()),
                f.integer("topN", d.topN()),
                f.integer("epochs", d.epochs()),
                f.integer("batchSize", d.batchSize()),
                f.number("learningRate", d.learningRate()),
                f.number("momentum", d.momentum()),
                f.integer("seed", 1),
                f.bool("useSoftTargets", false),
                f.number("temperature", d.temperature()),
                f.number("softWeight", d.softWeight()),
                f.bool("waitForInputs", false),
                f.object("plan"));
        request.check();
        return request;
    }

    private static String required(RequestFields f, String field) {
        String value = f.text(field, null);
        if (value == null || value.isBlank()) {
            throw new FieldException(field, "is required");
        }
        return value;
    }

    private void check() {
        int classes = Datasets.CLASSES;
        if (specialists < 1 || specialists > classes) {
            throw new FieldException("specialists", "is " + specialists + ", expected 1 to " + classes);
        }
        if (maxClassesPerSpecialist < 1 || maxClassesPerSpecialist >= classes) {
            throw new FieldException("maxClassesPerSpecialist", "is " + maxClassesPerSpecialist + ", expected 1 to "
                    + (classes - 1) + " so that each specialist has a dustbin");
        }
        if (overlap < 0 || overlap >= classes) {
            throw new FieldException("overlap", "is " + overlap + ", expected 0 to " + (classes - 1));
        }
        if (topN < 1 || topN > classes) {
            throw new FieldException("topN", "is " + topN + ", expected 1 to " + classes);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new FieldException("temperature", "is " + temperature + ", expected a positive number");
        }
        if (!(softWeight >= 0 && softWeight <= 1)) {
            throw new FieldException("softWeight", "is " + softWeight + ", expected 0 to 1");
        }
        if (useSoftTargets && softWeight == 0) {
            throw new FieldException("softWeight", "is 0, but useSoftTargets asks for a soft term");
        }
        try {
            loss();
            trainConfig(0);
        } catch (IllegalArgumentException e) {
            throw FieldException.from(e);
        }
    }

    /** The same request without its plan, as it is recorded with the ensemble. */
    public EnsembleRequest withoutPlan() {
        return new EnsembleRequest(generalistModelId, transferSetId, specialists, maxClassesPerSpecialist, overlap,
                topN, epochs, batchSize, learningRate, momentum, seed, useSoftTargets, temperature, softWeight,
                waitForInputs, null);
    }

    /** Hard labels (the paper), or the paper's weighted sum with soft targets restricted to S + dustbin. */
    public DistillationLoss loss() {
        return useSoftTargets ? new DistillationLoss(temperature, softWeight, 1 - softWeight)
                : DistillationLoss.hard();
    }

    /** Specialist {@code index}'s schedule; each has its own seed so their mixes and orders differ. */
    public TrainConfig trainConfig(int index) {
        return TrainConfig.builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                .momentum(momentum).seed(seed * 1_000 + index).build();
    }
}

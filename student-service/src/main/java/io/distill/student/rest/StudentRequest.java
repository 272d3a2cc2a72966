package io.distill.student.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.data.Datasets;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.RequestFields;
import io.distill.core.model.Architecture;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.student.config.StudentDefaults;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /students}, with every default filled in.
 *
 * @param mode       {@code distill} (soft and hard terms), {@code hard} (labels only: the paper's
 *                   baseline) or {@code soft} (soft targets only)
 * @param biasAdjust {@code none}, or {@code auto}: after training, raise the biases of the classes
 *                   the transfer set lacks by the amount that is best on the validation split
 * @param waitForTransferSet true: an unknown transfer set is waited for rather than refused with 404
 */
public record StudentRequest(
        String transferSetId,
        List<Integer> hidden,
        String mode,
        double temperature,
        double softWeight,
        double hardWeight,
        double inputDropout,
        double hiddenDropout,
        int epochs,
        int batchSize,
        String optimizer,
        double learningRate,
        double momentum,
        int warmupEpochs,
        Double clipGradient,
        long seed,
        String biasAdjust,
        boolean waitForTransferSet,
        JsonNode plan) {

    public static final String DISTILL = "distill";
    public static final String HARD = "hard";
    public static final String SOFT = "soft";

    private static final Set<String> FIELDS = Set.of("transferSetId", "hidden", "mode", "temperature",
            "softWeight", "hardWeight", "inputDropout", "hiddenDropout", "epochs", "batchSize", "optimizer",
            "learningRate", "momentum", "warmupEpochs", "clipGradient", "seed", "biasAdjust", "waitForTransferSet", "plan");

    /** Reads a request body, filling defaults; a bad field throws {@link FieldException}. */
    public static StudentRequest parse(JsonNode body, StudentDefaults d) {
        RequestFields f = RequestFields.of(body, FIELDS);
        String transferSetId = f.text("transferSetId", null);
        if (transferSetId == null || transferSetId.isBlank()) {
            throw new FieldException("transferSetId", "is required");
        }
        String mode = f.choice("mode", DISTILL, List.of(DISTILL, HARD, SOFT));
        boolean hard = mode.equals(HARD);
        double softWeight = f.number("softWeight", mode.equals(SOFT) ? 1 : hard ? 0 : d.softWeight());
        double hardWeight = f.number("hardWeight", mode.equals(SOFT) ? 0 : hard ? 1 : d.hardWeight());
        StudentRequest request = new StudentRequest(
                transferSetId,
                f.integers("hidden", d.hidden()),
                mode,
                f.number("temperature", d.temperature()),
                softWeight,
                hardWeight,
                f.number("inputDropout", 0),
                f.number("hiddenDropout", 0),
                f.integer("epochs", d.epochs()),
                f.integer("batchSize", d.batchSize()),
                f.choice("optimizer", TrainConfig.SGD, List.of(TrainConfig.SGD, TrainConfig.ADAM)),
                f.number("learningRate", hard ? d.hardLearningRate() : d.softLearningRate()),
                f.number("momentum", d.momentum()),
                f.integer("warmupEpochs", hard ? 0 : 1),
                f.nullableNumber("clipGradient", hard ? null : d.softClipGradient()),
                f.integer("seed", 1),
                f.choice("biasAdjust", "none", List.of("none", "auto")),
                f.bool("waitForTransferSet", false),
                f.object("plan"));
        request.check();
        return request;
    }

    private void check() {
        if (mode.equals(HARD) && softWeight > 0) {
            throw new FieldException("softWeight", "is " + softWeight + ", but a hard student has no soft term;"
                    + " use mode distill");
        }
        if (mode.equals(SOFT) && hardWeight > 0) {
            throw new FieldException("hardWeight", "is " + hardWeight + ", but a soft student has no hard term;"
                    + " use mode distill");
        }
        try {
            loss();
            architecture();
            trainConfig();
        } catch (IllegalArgumentException e) {
            throw FieldException.from(e);
        }
    }

    /** The same request without its plan, as it is recorded with the model. */
    public StudentRequest withoutPlan() {
        return new StudentRequest(transferSetId, hidden, mode, temperature, softWeight, hardWeight, inputDropout,
                hiddenDropout, epochs, batchSize, optimizer, learningRate, momentum, warmupEpochs, clipGradient, seed,
                biasAdjust, waitForTransferSet, null);
    }

    public Architecture architecture() {
        return new Architecture(784, hidden, Datasets.CLASSES, inputDropout, hiddenDropout);
    }

    /** The loss: the paper's weighted sum, T² on the soft term, or plain cross-entropy. */
    public DistillationLoss loss() {
        return mode.equals(HARD) ? DistillationLoss.hard() : new DistillationLoss(temperature, softWeight, hardWeight);
    }

    /** No jitter: a student sees exactly what the stream delivered. */
    public TrainConfig trainConfig() {
        return TrainConfig.builder().epochs(epochs).batchSize(batchSize).optimizer(optimizer)
                .learningRate(learningRate).momentum(momentum).warmupEpochs(Math.min(warmupEpochs, epochs - 1))
                .clipGradient(clipGradient).seed(seed).build();
    }
}

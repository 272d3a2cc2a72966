package io.distill.core.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import io.distill.contract.requests.Architecture;
import java.util.List;

/**
 * One training run's hyperparameters, saved typed as {@code hyperparameters} in the model's
 * {@code metadata.json}, beside its weights, metrics and seed: what was trained, how, and on what.
 *
 * <p>A {@code metadata.json} written before this record existed (a map of {@code train},
 * {@code trainExamples}, {@code split}, {@code transferSetId}, {@code teacherModelIds}, {@code generalist},
 * {@code subsets}, {@code topN}, {@code request}...) still reads: {@link #read} maps what it can
 * ({@code train} to {@code optimisation} and {@code seed}, the data keys to {@code data}, the ensemble keys to
 * {@code ensemble}, so an old specialist ensemble still predicts) and leaves {@code architecture} and
 * {@code loss} null; the rest of the old keys is dropped.
 *
 * @param architecture the net; for a specialist ensemble the generalist's, which each specialist takes with
 *                     its own output layer
 * @param optimisation optimiser, schedule and regularisation; for a specialist ensemble specialist 0's,
 *                     specialist {@code i} having seed {@code seed * 1000 + i}
 * @param loss         the loss's settings
 * @param seed         the run's seed
 * @param data         what it trained on
 * @param ensemble     a specialist ensemble's own settings; null for a teacher or a student
 */
public record Hyperparameters(Architecture architecture, TrainConfig optimisation, LossSettings loss, long seed,
        TrainingData data, Ensemble ensemble) {

    /**
     * The data a run trained on.
     *
     * @param split           the split of the data set: {@code train} (without the validation hold-out),
     *                        {@code validation} or {@code test}
     * @param examples        training examples; null when an old metadata file did not say
     * @param transferSetId   the transfer set it learned from; null for a teacher, which reads the data set
     * @param teacherModelIds the teachers whose soft targets the transfer set holds; empty for a teacher
     */
    public record TrainingData(String split, Integer examples, String transferSetId, List<String> teacherModelIds) {

        public TrainingData {
            teacherModelIds = teacherModelIds == null ? List.of() : List.copyOf(teacherModelIds);
        }
    }

    /**
     * A specialist ensemble's settings beyond one net's.
     *
     * @param generalist              the generalist the specialists extend, needed again at inference
     * @param subsets                 each specialist's classes, in the order of their parameters in the artifact
     * @param topN                    how many of the generalist's top classes pick the active specialists
     * @param specialists             how many clusters of classes were asked for; null in old metadata
     * @param maxClassesPerSpecialist the most classes in one subset; null in old metadata
     * @param overlap                 nearest classes of other subsets each subset also took; null in old metadata
     */
    public record Ensemble(ModelReference generalist, List<List<Integer>> subsets, int topN, Integer specialists,
            Integer maxClassesPerSpecialist, Integer overlap) {}

    /** Another service's model, as its {@code ModelReady} announced it. */
    public record ModelReference(String modelId, String artifactUri, String sha256) {}

    /** Every key {@code hyperparameters} has held: this record's and, from older files, the map's. */
    record Stored(Architecture architecture, TrainConfig optimisation, LossSettings loss, Long seed,
            TrainingData data, Ensemble ensemble, JsonNode train, Integer trainExamples, String split,
            String transferSetId, List<String> teacherModelIds, ModelReference generalist,
            List<List<Integer>> subsets, Integer topN, JsonNode request) {}

    /** Reads this record, or maps an older file's map onto it (see the class comment). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Hyperparameters read(Stored s) {
        TrainConfig optimisation = s.optimisation() != null ? s.optimisation() : legacyTrainConfig(s.train());
        long seed = s.seed() != null ? s.seed() : optimisation != null ? optimisation.seed() : 0;
        TrainingData data = s.data();
        if (data == null && (s.trainExamples() != null || s.split() != null || s.transferSetId() != null)) {
            data = new TrainingData(s.split(), s.trainExamples(), s.transferSetId(), s.teacherModelIds());
        }
        Ensemble ensemble = s.ensemble();
        if (ensemble == null && s.subsets() != null) {
            JsonNode request = s.request() == null ? Json.mapper().nullNode() : s.request();
            ensemble = new Ensemble(s.generalist(), s.subsets(), s.topN() == null ? 1 : s.topN(),
                    integer(request.get("specialists")), integer(request.get("maxClassesPerSpecialist")),
                    integer(request.get("overlap")));
        }
        return new Hyperparameters(s.architecture(), optimisation, s.loss(), seed, data, ensemble);
    }

    /** An old file's {@code train}, or null if it no longer makes a valid {@link TrainConfig}. */
    private static TrainConfig legacyTrainConfig(JsonNode train) {
        if (train == null || !train.isObject()) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(train, TrainConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer integer(JsonNode node) {
        return node != null && node.canConvertToInt() && node.isNumber() ? node.intValue() : null;
    }
}

package io.distill.contract.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.distill.contract.records.Builder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A specialist-ensemble job's metrics, and the ensemble model's, all on the test split. Fields that
 * have no value (an accuracy over no examples) are written as null. Only the error counts and
 * {@code testTotal} are sure to be there: the other fields are null in metrics an older producer
 * wrote without them.
 *
 * @param testErrors             the ensemble's errors again, under the name every model's metrics use
 * @param relativeAccuracyChange correct answers gained over the generalist's correct answers (the paper's
 *                               measure); null when the generalist got none right
 * @param control                the compute-matched control, when the request asked for one; null otherwise,
 *                               and in metrics written before controls existed
 * @param subsets                each specialist's classes, in specialist order
 * @param byCoverage             the paper's Table 4: by how many specialists cover the correct class
 * @param combination            how the KL combination's solver did
 * @param classCovariance        covariance of the generalist's predicted probabilities over the transfer set
 * @param trainExamples          examples of the transfer set
 * @param malformedEvents        events of the transfer set that could not be read
 */
@JsonPropertyOrder({"kind"})
@JsonIgnoreProperties(value = "kind", allowGetters = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
@Builder
public record EnsembleMetrics(
        int generalistTestErrors,
        int ensembleTestErrors,
        int testTotal,
        int testErrors,
        Double relativeAccuracyChange,
        Control control,
        List<List<Integer>> subsets,
        List<Specialist> specialists,
        List<CoverageTable.Row> byCoverage,
        Combination combination,
        List<List<Double>> classCovariance,
        Integer trainExamples,
        Integer malformedEvents) implements ModelMetrics {

    public static final String KIND = "ensemble";

    /**
     * One specialist.
     *
     * @param trainExamples        its training mix: {@code subsetTrainExamples} of its classes plus
     *                             {@code dustbinTrainExamples} of the others
     * @param subsetTestAccuracy   its own argmax over its classes and the dustbin, on the test images of
     *                             its classes; null when there are none
     * @param activeOnTestExamples test images on which the generalist's top classes chose it
     */
    @Builder
    public record Specialist(List<Integer> classes, int trainExamples, int subsetTrainExamples,
            int dustbinTrainExamples, int subsetTestExamples, int subsetTestCorrect, Double subsetTestAccuracy,
            double oversamplingFactor, double dustbinLogitShift, double lastTrainLoss, int activeOnTestExamples) {}

    /**
     * The control: the generalist's net, initialised from it, trained on the whole transfer set for as
     * many examples as the specialists together, and scored like the ensemble.
     *
     * @param epochs                         its epochs over the transfer set, rounded up from the match
     * @param examples                       the examples it trained on: epochs x transferSetExamples
     * @param specialistExamples             the specialists' examples it matches: mix size x epochs, summed
     * @param transferSetExamples            examples in the transfer set
     * @param testErrors                     its errors on the test split
     * @param validationErrors               its errors on the validation split
     * @param validationTotal                examples in the validation split
     * @param ensembleRelativeAccuracyChange correct answers the ensemble gained over the control's correct
     *                                       answers, as {@code relativeAccuracyChange} is over the generalist's;
     *                                       null when the control got none right
     * @param lastTrainLoss                  mean training loss of its last epoch
     */
    @Builder
    public record Control(int epochs, long examples, long specialistExamples, int transferSetExamples,
            int testErrors, int validationErrors, int validationTotal, Double ensembleRelativeAccuracyChange,
            double lastTrainLoss) {}

    /**
     * How the solver of the KL combination did.
     *
     * @param notConverged                images on which it hit {@code maxIterations}
     * @param examplesByActiveSpecialists test images with 0, 1, ... active specialists
     */
    @Builder
    public record Combination(String method, double tolerance, int maxIterations, double meanIterations,
            int mostIterations, int notConverged, List<Integer> examplesByActiveSpecialists) {}

    @Override
    @JsonProperty("kind")
    @Schema(description = "Which record these metrics are.", enumeration = KIND)
    public String kind() {
        return KIND;
    }
}

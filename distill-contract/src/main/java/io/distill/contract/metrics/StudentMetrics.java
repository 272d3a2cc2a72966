package io.distill.contract.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.distill.contract.records.Builder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A student job's metrics, and the student model's: its scores after any bias adjustment.
 *
 * <p>Only {@code testErrors} and {@code testTotal} are sure to be there: the other fields are null in
 * metrics an older producer wrote without them.
 *
 * @param testLoss        mean cross-entropy on the test split
 * @param perClassErrors  test errors among the examples of each true class
 * @param confusionMatrix {@code [true][predicted]} test counts
 * @param trainExamples   examples the stream delivered and the student trained on
 * @param malformedEvents events of the transfer set that could not be read (dead-lettered)
 * @param epochsRun       epochs this run trained (fewer than planned after a resume or early stop)
 * @param lastEpoch       epochs done in all, those before a resume included
 * @param biasAdjustment  with {@code biasAdjust: "auto"}, what it did; absent otherwise
 * @param transferSetGeneration which stream of the transfer set the student trained on: 2 or more
 *                        when the set had expired and was re-streamed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind"})
@JsonIgnoreProperties(value = "kind", allowGetters = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
@Builder
public record StudentMetrics(
        int testErrors,
        int testTotal,
        Double testLoss,
        Integer validationErrors,
        Integer validationTotal,
        List<Integer> perClassErrors,
        List<List<Integer>> confusionMatrix,
        Integer trainExamples,
        Integer malformedEvents,
        Integer epochsRun,
        Integer lastEpoch,
        BiasAdjustment biasAdjustment,
        Integer transferSetGeneration) implements ModelMetrics {

    public static final String KIND = "student";

    /**
     * The biases of the classes the transfer set lacked, raised by {@code bias}, chosen on the
     * validation split; the test split is only scored before and after.
     *
     * @param classes                   the classes whose biases were raised
     * @param testErrorsOnMissingBefore test errors on examples of those classes, before
     * @param testErrorsOnMissingAfter  the same, after
     */
    @Builder
    public record BiasAdjustment(List<Integer> classes, double bias, int validationErrorsBefore,
            int validationErrorsAfter, int testErrorsBefore, int testErrorsAfter, int testErrorsOnMissingBefore,
            int testErrorsOnMissingAfter) {}

    /** A student's metrics, from its scores on both splits, what it trained on and its run. */
    public static StudentMetrics of(EvalResult test, EvalResult validation, int trainExamples, int malformedEvents,
            TrainingSummary run, BiasAdjustment biasAdjustment, int transferSetGeneration) {
        return StudentMetricsBuilder.builder().testErrors(test.errors()).testTotal(test.total()).testLoss(test.loss())
                .validationErrors(validation.errors()).validationTotal(validation.total())
                .perClassErrors(Lists.of(test.perClassErrors())).confusionMatrix(Lists.of(test.confusion()))
                .trainExamples(trainExamples).malformedEvents(malformedEvents).epochsRun(run.epochsRun())
                .lastEpoch(run.lastEpoch()).biasAdjustment(biasAdjustment).transferSetGeneration(transferSetGeneration)
                .build();
    }

    @Override
    @JsonProperty("kind")
    @Schema(description = "Which record these metrics are.", enumeration = KIND)
    public String kind() {
        return KIND;
    }
}

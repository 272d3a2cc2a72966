package io.distill.contract.metrics;

import java.util.List;
import java.util.Map;

/** One record of each kind of metrics, with every field set, for the JSON tests. */
public final class MetricsSamples {

    private MetricsSamples() {}

    public static TeacherMetrics teacher() {
        return TeacherMetricsBuilder.builder().testErrors(95).testTotal(10_000).testLoss(0.031).validationErrors(48)
                .validationTotal(5_000).perClassErrors(List.of(3, 5, 12, 9, 11, 10, 8, 13, 14, 10))
                .confusionMatrix(List.of(List.of(977, 3), List.of(2, 1130))).epochsRun(20).lastEpoch(20)
                .examplesPerSecond(7_480L).trainSeconds(3_600L).build();
    }

    public static TeacherMetrics teacherEnsemble() {
        return TeacherMetricsBuilder.builder().testErrors(80).testTotal(10_000).testLoss(0.027).validationErrors(41)
                .validationTotal(5_000).perClassErrors(List.of(2, 4, 10, 8, 9, 9, 7, 11, 12, 8))
                .confusionMatrix(List.of(List.of(978, 2), List.of(1, 1131)))
                .members(List.of(new TeacherMetrics.Member("t-1-0", 1, 95, 48),
                        new TeacherMetrics.Member("t-1-1", 2, 97, 50)))
                .build();
    }

    public static StudentMetrics student() {
        return StudentMetricsBuilder.builder().testErrors(646).testTotal(10_000).testLoss(0.205).validationErrors(254)
                .validationTotal(5_000).perClassErrors(List.of(15, 23, 68, 117, 51, 82, 47, 71, 79, 93))
                .confusionMatrix(List.of(List.of(965, 0), List.of(0, 1112))).trainExamples(3_000).malformedEvents(2)
                .epochsRun(15).lastEpoch(15)
                .biasAdjustment(StudentMetricsBiasAdjustmentBuilder.builder().classes(List.of(3)).bias(0.8)
                        .validationErrorsBefore(274).validationErrorsAfter(254).testErrorsBefore(677)
                        .testErrorsAfter(646).testErrorsOnMissingBefore(175).testErrorsOnMissingAfter(117).build())
                .transferSetGeneration(2).build();
    }

    public static EnsembleMetrics ensemble() {
        return EnsembleMetricsBuilder.builder().generalistTestErrors(1_093).ensembleTestErrors(1_071).testTotal(10_000)
                .testErrors(1_071).relativeAccuracyChange(0.0024)
                .control(EnsembleMetricsControlBuilder.builder().epochs(3).examples(147_000).specialistExamples(145_332)
                        .transferSetExamples(49_000).testErrors(1_080).validationErrors(540).validationTotal(5_000)
                        .ensembleRelativeAccuracyChange(0.001).lastTrainLoss(0.29).build())
                .subsets(List.of(List.of(0, 2, 4, 6), List.of(5, 7, 9)))
                .specialists(List.of(
                        EnsembleMetricsSpecialistBuilder.builder().classes(List.of(0, 2, 4, 6)).trainExamples(4_684)
                                .subsetTrainExamples(2_342).dustbinTrainExamples(2_342).subsetTestExamples(4_000)
                                .subsetTestCorrect(2_864).subsetTestAccuracy(0.716).oversamplingFactor(1.56)
                                .dustbinLogitShift(0.446).lastTrainLoss(0.33).activeOnTestExamples(3_956).build(),
                        EnsembleMetricsSpecialistBuilder.builder().classes(List.of(5, 7, 9)).trainExamples(4_000)
                                .subsetTrainExamples(2_000).dustbinTrainExamples(2_000).subsetTestExamples(0)
                                .subsetTestCorrect(0).oversamplingFactor(1.2).dustbinLogitShift(0.18)
                                .lastTrainLoss(0.41).activeOnTestExamples(2_100).build()))
                .byCoverage(List.of(new CoverageTable.Row(0, 3_000, 2_700, 2_700, 2_698, 0.0),
                        new CoverageTable.Row(1, 7_000, 6_207, 6_229, 6_222, 0.0035)))
                .combination(EnsembleMetricsCombinationBuilder.builder().method("EM fixed point of the KL objective")
                        .tolerance(1e-7).maxIterations(10_000).meanIterations(3.5).mostIterations(40).notConverged(0)
                        .examplesByActiveSpecialists(List.of(44, 9_956)).build())
                .classCovariance(List.of(List.of(0.08, -0.01), List.of(-0.01, 0.07))).trainExamples(49_869)
                .malformedEvents(1).build();
    }

    public static SpecialistMetrics specialist() {
        return new SpecialistMetrics(TrainedSpecialistBuilder.builder().index(1).classes(List.of(5, 7, 9))
                .trainExamples(4_000).subsetExamples(2_000).otherExamples(2_000).oversamplingFactor(1.2)
                .dustbinLogitShift(0.18).lastTrainLoss(0.41).build());
    }

    public static ControlMetrics control() {
        return new ControlMetrics(new TrainedControl(3, 147_000, 145_332, 49_000, 0.29));
    }

    public static TransferSetMetrics transferSet() {
        return TransferSetMetrics.complete(49_869, new int[] {5_444, 6_179, 5_470, 0, 5_307, 4_987, 5_417, 5_715,
                5_389, 5_431}, Map.of("0", new long[] {120_000, 144_935}), 41.5, 1);
    }
}

package io.distill.contract.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiniteLossesTest {

    @Test
    void metricsWhoseLossesAreFiniteOrAbsentPass() {
        for (ModelMetrics metrics : List.of(MetricsSamples.teacher(), MetricsSamples.teacherEnsemble(),
                MetricsSamples.student(), MetricsSamples.ensemble(), TeacherMetrics.testOnly(9_000, 10_000))) {
            assertThat(FiniteLosses.firstNonFinite(metrics)).as(metrics.kind()).isEmpty();
        }
    }

    @Test
    void aNaNOrInfiniteTestLossIsNamed() {
        TeacherMetrics t = MetricsSamples.teacher();
        TeacherMetrics nan = TeacherMetricsBuilder.builder().testErrors(t.testErrors()).testTotal(t.testTotal())
                .testLoss(Double.NaN).validationErrors(t.validationErrors()).validationTotal(t.validationTotal())
                .perClassErrors(t.perClassErrors()).confusionMatrix(t.confusionMatrix()).epochsRun(t.epochsRun())
                .lastEpoch(t.lastEpoch()).examplesPerSecond(t.examplesPerSecond()).trainSeconds(t.trainSeconds())
                .build();
        assertThat(FiniteLosses.firstNonFinite(nan)).contains("testLoss is NaN");
        StudentMetrics s = MetricsSamples.student();
        StudentMetrics infinite = StudentMetricsBuilder.builder().testErrors(s.testErrors()).testTotal(s.testTotal())
                .testLoss(Double.POSITIVE_INFINITY).validationErrors(s.validationErrors())
                .validationTotal(s.validationTotal()).perClassErrors(s.perClassErrors())
                .confusionMatrix(s.confusionMatrix()).trainExamples(s.trainExamples())
                .malformedEvents(s.malformedEvents()).epochsRun(s.epochsRun()).lastEpoch(s.lastEpoch())
                .biasAdjustment(s.biasAdjustment()).transferSetGeneration(s.transferSetGeneration()).build();
        assertThat(FiniteLosses.firstNonFinite(infinite)).contains("testLoss is Infinity");
    }

    @Test
    void aSpecialistsOrTheControlsNonFiniteTrainingLossIsNamedByItsPath() {
        EnsembleMetrics e = MetricsSamples.ensemble();
        EnsembleMetrics.Specialist second = e.specialists().get(1);
        EnsembleMetrics.Specialist diverged = EnsembleMetricsSpecialistBuilder.builder().classes(second.classes())
                .trainExamples(second.trainExamples()).subsetTrainExamples(second.subsetTrainExamples())
                .dustbinTrainExamples(second.dustbinTrainExamples()).subsetTestExamples(second.subsetTestExamples())
                .subsetTestCorrect(second.subsetTestCorrect()).subsetTestAccuracy(second.subsetTestAccuracy())
                .oversamplingFactor(second.oversamplingFactor()).dustbinLogitShift(second.dustbinLogitShift())
                .lastTrainLoss(Double.NaN).activeOnTestExamples(second.activeOnTestExamples()).build();
        EnsembleMetrics withSpecialist = EnsembleMetricsBuilder.builder().generalistTestErrors(e.generalistTestErrors())
                .ensembleTestErrors(e.ensembleTestErrors()).testTotal(e.testTotal()).testErrors(e.testErrors())
                .relativeAccuracyChange(e.relativeAccuracyChange()).control(e.control()).subsets(e.subsets())
                .specialists(List.of(e.specialists().get(0), diverged)).byCoverage(e.byCoverage())
                .combination(e.combination()).classCovariance(e.classCovariance()).trainExamples(e.trainExamples())
                .malformedEvents(e.malformedEvents()).build();
        assertThat(FiniteLosses.firstNonFinite(withSpecialist)).contains("specialists[1].lastTrainLoss is NaN");

        EnsembleMetrics.Control c = e.control();
        EnsembleMetrics withControl = EnsembleMetricsBuilder.builder().generalistTestErrors(e.generalistTestErrors())
                .ensembleTestErrors(e.ensembleTestErrors()).testTotal(e.testTotal()).testErrors(e.testErrors())
                .relativeAccuracyChange(e.relativeAccuracyChange())
                .control(EnsembleMetricsControlBuilder.builder().epochs(c.epochs()).examples(c.examples())
                        .specialistExamples(c.specialistExamples()).transferSetExamples(c.transferSetExamples())
                        .testErrors(c.testErrors()).validationErrors(c.validationErrors())
                        .validationTotal(c.validationTotal())
                        .ensembleRelativeAccuracyChange(c.ensembleRelativeAccuracyChange())
                        .lastTrainLoss(Double.NEGATIVE_INFINITY).build())
                .subsets(e.subsets()).specialists(e.specialists()).byCoverage(e.byCoverage())
                .combination(e.combination()).classCovariance(e.classCovariance()).trainExamples(e.trainExamples())
                .malformedEvents(e.malformedEvents()).build();
        assertThat(FiniteLosses.firstNonFinite(withControl)).contains("control.lastTrainLoss is -Infinity");
    }
}

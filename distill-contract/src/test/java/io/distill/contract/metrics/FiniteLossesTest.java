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
        TeacherMetrics nan = new TeacherMetrics(t.testErrors(), t.testTotal(), Double.NaN, t.validationErrors(),
                t.validationTotal(), t.perClassErrors(), t.confusionMatrix(), t.epochsRun(), t.lastEpoch(),
                t.examplesPerSecond(), t.trainSeconds(), null);
        assertThat(FiniteLosses.firstNonFinite(nan)).contains("testLoss is NaN");
        StudentMetrics s = MetricsSamples.student();
        StudentMetrics infinite = new StudentMetrics(s.testErrors(), s.testTotal(), Double.POSITIVE_INFINITY,
                s.validationErrors(), s.validationTotal(), s.perClassErrors(), s.confusionMatrix(), s.trainExamples(),
                s.malformedEvents(), s.epochsRun(), s.lastEpoch(), s.biasAdjustment(), s.transferSetGeneration());
        assertThat(FiniteLosses.firstNonFinite(infinite)).contains("testLoss is Infinity");
    }

    @Test
    void aSpecialistsOrTheControlsNonFiniteTrainingLossIsNamedByItsPath() {
        EnsembleMetrics e = MetricsSamples.ensemble();
        EnsembleMetrics.Specialist second = e.specialists().get(1);
        EnsembleMetrics.Specialist diverged = new EnsembleMetrics.Specialist(second.classes(), second.trainExamples(),
                second.subsetTrainExamples(), second.dustbinTrainExamples(), second.subsetTestExamples(),
                second.subsetTestCorrect(), second.subsetTestAccuracy(), second.oversamplingFactor(),
                second.dustbinLogitShift(), Double.NaN, second.activeOnTestExamples());
        EnsembleMetrics withSpecialist = new EnsembleMetrics(e.generalistTestErrors(), e.ensembleTestErrors(),
                e.testTotal(), e.testErrors(), e.relativeAccuracyChange(), e.control(), e.subsets(),
                List.of(e.specialists().get(0), diverged), e.byCoverage(), e.combination(), e.classCovariance(),
                e.trainExamples(), e.malformedEvents());
        assertThat(FiniteLosses.firstNonFinite(withSpecialist)).contains("specialists[1].lastTrainLoss is NaN");

        EnsembleMetrics.Control c = e.control();
        EnsembleMetrics withControl = new EnsembleMetrics(e.generalistTestErrors(), e.ensembleTestErrors(),
                e.testTotal(), e.testErrors(), e.relativeAccuracyChange(),
                new EnsembleMetrics.Control(c.epochs(), c.examples(), c.specialistExamples(), c.transferSetExamples(),
                        c.testErrors(), c.validationErrors(), c.validationTotal(), c.ensembleRelativeAccuracyChange(),
                        Double.NEGATIVE_INFINITY),
                e.subsets(), e.specialists(), e.byCoverage(), e.combination(), e.classCovariance(), e.trainExamples(),
                e.malformedEvents());
        assertThat(FiniteLosses.firstNonFinite(withControl)).contains("control.lastTrainLoss is -Infinity");
    }
}

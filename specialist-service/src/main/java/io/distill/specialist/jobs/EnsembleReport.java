package io.distill.specialist.jobs;

import io.distill.contract.metrics.CoverageTable;
import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.metrics.EnsembleMetricsBuilder;
import io.distill.contract.metrics.EnsembleMetricsCombinationBuilder;
import io.distill.contract.metrics.EnsembleMetricsControlBuilder;
import io.distill.contract.metrics.EnsembleMetricsSpecialistBuilder;
import io.distill.contract.metrics.Lists;
import io.distill.contract.metrics.TrainedControl;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.KlCombination;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's metrics from the ensemble's predictions on the test split: the errors of the generalist
 * alone, of the ensemble and of the control when there is one, each specialist's classes, training
 * examples and accuracy on the test images of its subset, and the paper's Table 4 by number of
 * specialists covering the correct class.
 */
final class EnsembleReport {

    private EnsembleReport() {}

    /** The metrics; {@code control} and {@code controlScores} are both null when there is no control. */
    static EnsembleMetrics of(ExampleSet test, List<ClassSubset> subsets, List<TrainedSpecialist> trained,
            EnsemblePredictor.Predictions p, EnsembleTraining.Plan plan, TrainedControl control,
            ControlTraining.Scores controlScores) {
        int classes = test.classes();
        int generalistErrors = 0;
        int ensembleErrors = 0;
        int controlErrors = 0;
        CoverageTable table = new CoverageTable(control != null);
        int[] activeCounts = new int[subsets.size() + 1];
        int[] activeOn = new int[subsets.size()];
        long iterations = 0;
        int maxIterations = 0;
        for (int i = 0; i < test.size(); i++) {
            int label = test.label(i);
            boolean g = EnsemblePredictor.argMax(p.generalist(), i, classes) == label;
            boolean e = EnsemblePredictor.argMax(p.combined(), i, classes) == label;
            Boolean c = control == null ? null
                    : Evaluation.argMax(controlScores.testLogits(), i * classes, classes) == label;
            generalistErrors += g ? 0 : 1;
            ensembleErrors += e ? 0 : 1;
            controlErrors += Boolean.FALSE.equals(c) ? 1 : 0;
            table.add(ClassSubset.covering(subsets, label), g, e, c);
            activeCounts[p.active().get(i).size()]++;
            p.active().get(i).forEach(m -> activeOn[m]++);
            iterations += p.iterations()[i];
            maxIterations = Math.max(maxIterations, p.iterations()[i]);
        }
        List<EnsembleMetrics.Specialist> specialists = new ArrayList<>();
        for (int m = 0; m < subsets.size(); m++) {
            specialists.add(specialist(test, subsets.get(m), trained.get(m), p.specialists().get(m), activeOn[m]));
        }
        EnsembleMetrics.Combination combination = EnsembleMetricsCombinationBuilder.builder()
                .method("EM fixed point of the KL objective").tolerance(KlCombination.TOLERANCE)
                .maxIterations(KlCombination.MAX_ITERATIONS)
                .meanIterations(test.size() == 0 ? 0 : (double) iterations / test.size()).mostIterations(maxIterations)
                .notConverged(p.notConverged()).examplesByActiveSpecialists(Lists.of(activeCounts)).build();
        EnsembleMetrics.Control controlMetrics = control == null ? null : EnsembleMetricsControlBuilder.builder()
                .epochs(control.epochs()).examples(control.examples()).specialistExamples(control.specialistExamples())
                .transferSetExamples(control.transferSetExamples()).testErrors(controlErrors)
                .validationErrors(controlScores.validationErrors()).validationTotal(controlScores.validationTotal())
                .ensembleRelativeAccuracyChange(relativeAccuracyChange(controlErrors, ensembleErrors, test.size()))
                .lastTrainLoss(control.lastTrainLoss()).build();
        return EnsembleMetricsBuilder.builder().generalistTestErrors(generalistErrors)
                .ensembleTestErrors(ensembleErrors).testTotal(test.size()).testErrors(ensembleErrors)
                .relativeAccuracyChange(relativeAccuracyChange(generalistErrors, ensembleErrors, test.size()))
                .control(controlMetrics).subsets(subsets.stream().map(ClassSubset::members).toList())
                .specialists(specialists).byCoverage(table.rows()).combination(combination)
                .classCovariance(Lists.of(plan.covariance())).trainExamples(plan.trainExamples())
                .malformedEvents(plan.malformed()).build();
    }

    /** Correct answers gained over the baseline's correct answers (the paper's measure); null if it had none. */
    static Double relativeAccuracyChange(int baselineErrors, int errors, int total) {
        return baselineErrors == total ? null : (double) (baselineErrors - errors) / (total - baselineErrors);
    }

    private static EnsembleMetrics.Specialist specialist(ExampleSet test, ClassSubset subset, TrainedSpecialist t,
            double[] probabilities, int active) {
        int k = subset.outputs();
        int examples = 0;
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (subset.contains(test.label(i))) {
                examples++;
                correct += EnsemblePredictor.argMax(probabilities, i, k) == subset.output(test.label(i)) ? 1 : 0;
            }
        }
        return EnsembleMetricsSpecialistBuilder.builder().classes(subset.members()).trainExamples(t.trainExamples())
                .subsetTrainExamples(t.subsetExamples()).dustbinTrainExamples(t.otherExamples())
                .subsetTestExamples(examples).subsetTestCorrect(correct)
                .subsetTestAccuracy(examples == 0 ? null : (double) correct / examples)
                .oversamplingFactor(t.oversamplingFactor()).dustbinLogitShift(t.dustbinLogitShift())
                .lastTrainLoss(t.lastTrainLoss()).activeOnTestExamples(active).build();
    }
}

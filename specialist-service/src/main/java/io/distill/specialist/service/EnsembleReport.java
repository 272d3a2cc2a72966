package io.distill.specialist.service;

import io.distill.contract.metrics.CoverageTable;
import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.metrics.Lists;
import io.distill.contract.metrics.TrainedControl;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.core.data.ImageSet;
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
    static EnsembleMetrics of(ImageSet test, List<ClassSubset> subsets, List<TrainedSpecialist> trained,
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
        EnsembleMetrics.Combination combination = new EnsembleMetrics.Combination(
                "EM fixed point of the KL objective", KlCombination.TOLERANCE, KlCombination.MAX_ITERATIONS,
                test.size() == 0 ? 0 : (double) iterations / test.size(), maxIterations, p.notConverged(),
                Lists.of(activeCounts));
        EnsembleMetrics.Control controlMetrics = control == null ? null : new EnsembleMetrics.Control(
                control.epochs(), control.examples(), control.specialistExamples(), control.transferSetExamples(),
                controlErrors, controlScores.validationErrors(), controlScores.validationTotal(),
                relativeAccuracyChange(controlErrors, ensembleErrors, test.size()), control.lastTrainLoss());
        return new EnsembleMetrics(generalistErrors, ensembleErrors, test.size(), ensembleErrors,
                relativeAccuracyChange(generalistErrors, ensembleErrors, test.size()), controlMetrics,
                subsets.stream().map(ClassSubset::members).toList(), specialists, table.rows(), combination,
                Lists.of(plan.covariance()), plan.trainExamples(), plan.malformed());
    }

    /** Correct answers gained over the baseline's correct answers (the paper's measure); null if it had none. */
    static Double relativeAccuracyChange(int baselineErrors, int errors, int total) {
        return baselineErrors == total ? null : (double) (baselineErrors - errors) / (total - baselineErrors);
    }

    private static EnsembleMetrics.Specialist specialist(ImageSet test, ClassSubset subset, TrainedSpecialist t,
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
        return new EnsembleMetrics.Specialist(subset.members(), t.trainExamples(), t.subsetExamples(),
                t.otherExamples(), examples, correct, examples == 0 ? null : (double) correct / examples,
                t.oversamplingFactor(), t.dustbinLogitShift(), t.lastTrainLoss(), active);
    }
}

package io.distill.specialist.service;

import io.distill.core.data.ImageSet;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.CoverageTable;
import io.distill.core.specialist.KlCombination;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's metrics from the ensemble's predictions on the test split: the errors of the generalist
 * alone and of the ensemble, each specialist's classes, training examples and accuracy on the test
 * images of its subset, and the paper's Table 4 by number of specialists covering the correct class.
 */
final class EnsembleReport {

    private EnsembleReport() {}

    static Map<String, Object> of(ImageSet test, List<ClassSubset> subsets, List<SpecialistTraining.Trained> trained,
            EnsemblePredictor.Predictions p, double[][] covariance) {
        int classes = test.classes();
        int generalistErrors = 0;
        int ensembleErrors = 0;
        CoverageTable table = new CoverageTable();
        int[] activeCounts = new int[subsets.size() + 1];
        int[] activeOn = new int[subsets.size()];
        long iterations = 0;
        int maxIterations = 0;
        for (int i = 0; i < test.size(); i++) {
            int label = test.label(i);
            boolean g = EnsemblePredictor.argMax(p.generalist(), i, classes) == label;
            boolean e = EnsemblePredictor.argMax(p.combined(), i, classes) == label;
            generalistErrors += g ? 0 : 1;
            ensembleErrors += e ? 0 : 1;
            table.add(CoverageTable.covering(subsets, label), g, e);
            activeCounts[p.active().get(i).size()]++;
            p.active().get(i).forEach(m -> activeOn[m]++);
            iterations += p.iterations()[i];
            maxIterations = Math.max(maxIterations, p.iterations()[i]);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("generalistTestErrors", generalistErrors);
        metrics.put("ensembleTestErrors", ensembleErrors);
        metrics.put("testTotal", test.size());
        metrics.put("testErrors", ensembleErrors);
        metrics.put("relativeAccuracyChange", generalistErrors == test.size() ? null
                : (double) (generalistErrors - ensembleErrors) / (test.size() - generalistErrors));
        metrics.put("subsets", subsets.stream().map(ClassSubset::members).toList());
        List<Map<String, Object>> specialists = new ArrayList<>();
        for (int m = 0; m < subsets.size(); m++) {
            specialists.add(specialist(test, subsets.get(m), trained.get(m), p.specialists().get(m), activeOn[m]));
        }
        metrics.put("specialists", specialists);
        metrics.put("byCoverage", table.rows());
        Map<String, Object> combination = new LinkedHashMap<>();
        combination.put("method", "EM fixed point of the KL objective");
        combination.put("tolerance", KlCombination.TOLERANCE);
        combination.put("maxIterations", KlCombination.MAX_ITERATIONS);
        combination.put("meanIterations", test.size() == 0 ? 0 : (double) iterations / test.size());
        combination.put("mostIterations", maxIterations);
        combination.put("notConverged", p.notConverged());
        combination.put("examplesByActiveSpecialists", activeCounts);
        metrics.put("combination", combination);
        metrics.put("classCovariance", covariance);
        return metrics;
    }

    private static Map<String, Object> specialist(ImageSet test, ClassSubset subset, SpecialistTraining.Trained t,
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
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("classes", subset.members());
        s.put("trainExamples", t.trainExamples());
        s.put("subsetTrainExamples", t.subsetExamples());
        s.put("dustbinTrainExamples", t.otherExamples());
        s.put("subsetTestExamples", examples);
        s.put("subsetTestCorrect", correct);
        s.put("subsetTestAccuracy", examples == 0 ? null : (double) correct / examples);
        s.put("oversamplingFactor", t.oversamplingFactor());
        s.put("dustbinLogitShift", t.dustbinLogitShift());
        s.put("lastTrainLoss", t.lastTrainLoss());
        s.put("activeOnTestExamples", active);
        return s;
    }
}

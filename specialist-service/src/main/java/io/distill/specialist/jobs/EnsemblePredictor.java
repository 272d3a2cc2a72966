package io.distill.specialist.jobs;

import ai.djl.Model;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Inference;
import io.distill.core.specialist.ClassCovariance;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.KlCombination;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The paper's inference with a generalist and its specialists: for each image, the generalist's
 * top-N classes pick the active specialists (those whose subset holds one of them), and the
 * combined distribution is the {@link KlCombination} of the generalist with them; with none
 * active it is the generalist's own.
 */
public final class EnsemblePredictor {

    private final Model generalist;
    private final List<Model> specialists;
    private final List<ClassSubset> subsets;
    private final int topN;

    public EnsemblePredictor(Model generalist, List<Model> specialists, List<ClassSubset> subsets, int topN) {
        this.generalist = generalist;
        this.specialists = specialists;
        this.subsets = subsets;
        this.topN = topN;
    }

    /**
     * What the ensemble made of a set of images.
     *
     * @param generalist  the generalist's probabilities, 10 per image
     * @param specialists each specialist's probabilities over S + dustbin, for every image
     * @param combined    the combined probabilities, 10 per image
     * @param active      per image, the indices of the active specialists
     * @param iterations  per image, the solver's iterations (0 with no specialist active)
     * @param notConverged images where the solver hit its iteration cap
     */
    public record Predictions(double[] generalist, List<double[]> specialists, double[] combined,
            List<List<Integer>> active, int[] iterations, int notConverged) {}

    public Predictions predict(ExampleSet images) {
        int classes = images.classes();
        double[] pg = ClassCovariance.probabilities(Inference.logits(generalist.getBlock(),
                generalist.getNDManager(), images, 1000), classes);
        List<double[]> ps = new ArrayList<>();
        for (int m = 0; m < specialists.size(); m++) {
            Model s = specialists.get(m);
            ps.add(ClassCovariance.probabilities(Inference.logits(s.getBlock(), s.getNDManager(), images, 1000),
                    subsets.get(m).outputs()));
        }
        double[] combined = new double[pg.length];
        List<List<Integer>> active = new ArrayList<>();
        int[] iterations = new int[images.size()];
        int notConverged = 0;
        for (int i = 0; i < images.size(); i++) {
            double[] g = Arrays.copyOfRange(pg, i * classes, (i + 1) * classes);
            List<Integer> top = top(g, topN);
            List<Integer> on = new ArrayList<>();
            List<KlCombination.Active> inputs = new ArrayList<>();
            for (int m = 0; m < subsets.size(); m++) {
                ClassSubset subset = subsets.get(m);
                if (top.stream().anyMatch(subset::contains)) {
                    int k = subset.outputs();
                    on.add(m);
                    inputs.add(new KlCombination.Active(subset, Arrays.copyOfRange(ps.get(m), i * k, (i + 1) * k)));
                }
            }
            KlCombination.Result result = KlCombination.combine(g, inputs);
            System.arraycopy(result.q(), 0, combined, i * classes, classes);
            active.add(on);
            iterations[i] = result.iterations();
            notConverged += result.converged() ? 0 : 1;
        }
        return new Predictions(pg, ps, combined, active, iterations, notConverged);
    }

    /** The {@code n} most probable classes. */
    static List<Integer> top(double[] p, int n) {
        return IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer c) -> -p[c]))
                .limit(n).toList();
    }

    /** The most probable class of image {@code i} in {@code p}, {@code classes} per image. */
    static int argMax(double[] p, int i, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (p[i * classes + c] > p[i * classes + best]) {
                best = c;
            }
        }
        return best;
    }
}

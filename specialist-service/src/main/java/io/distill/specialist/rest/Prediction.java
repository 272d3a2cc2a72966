package io.distill.specialist.rest;

import java.util.List;

/**
 * The ensemble's answer for one example.
 *
 * @param predicted               the most probable class of the combined distribution
 * @param probabilities           the combined distribution q
 * @param generalistPredicted     the generalist's own most probable class
 * @param generalistProbabilities the generalist's distribution p_g
 * @param activeSpecialists       the specialists the generalist's top-N classes switched on
 * @param iterations              the solver's iterations (0 when no specialist was active)
 */
public record Prediction(int predicted, double[] probabilities, int generalistPredicted,
        double[] generalistProbabilities, List<Active> activeSpecialists, int iterations) {

    /** An active specialist, by index in the ensemble, with its classes. */
    public record Active(int index, List<Integer> classes) {}
}

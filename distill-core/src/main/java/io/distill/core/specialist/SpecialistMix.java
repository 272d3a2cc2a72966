package io.distill.core.specialist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A specialist's training examples: every example of its subset S, and as many again drawn at
 * random, without replacement, from the other classes (all of them if there are fewer), which the
 * specialist learns as its dustbin.
 *
 * <p>The mix oversamples S. After training the dustbin logit is raised by the log of the
 * oversampling factor, the odds of S against the dustbin in the mix divided by those odds in the
 * whole set: {@code (s_mix / o_mix) / (s_all / o_all)}. That is the exact prior correction, so the
 * specialist's probabilities match the class frequencies of the whole set again. (The paper's
 * phrase "the proportion by which the specialist data is oversampled" is this factor when S is a
 * small part of the data, as on JFT.)
 *
 * @param positions        indices into the set, the S examples first, then the others
 * @param subsetExamples   S examples in the mix (all of S in the set)
 * @param otherExamples    dustbin examples in the mix
 * @param subsetInSet      S examples in the whole set
 * @param othersInSet      other examples in the whole set
 */
public record SpecialistMix(int[] positions, int subsetExamples, int otherExamples, int subsetInSet,
        int othersInSet) {

    /** Draws the mix for {@code subset} from a set with these labels, reproducibly from {@code seed}. */
    public static SpecialistMix draw(int[] labels, ClassSubset subset, long seed) {
        List<Integer> in = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (subset.contains(labels[i]) ? in : out).add(i);
        }
        if (in.isEmpty()) {
            throw new IllegalArgumentException("The transfer set has no example of subset " + subset
                    + ", so no specialist can be trained for it.");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("The transfer set has only examples of subset " + subset
                    + ", so the specialist's dustbin would have nothing to learn.");
        }
        Collections.shuffle(out, new Random(seed));
        int others = Math.min(in.size(), out.size());
        int[] positions = new int[in.size() + others];
        for (int i = 0; i < in.size(); i++) {
            positions[i] = in.get(i);
        }
        for (int i = 0; i < others; i++) {
            positions[in.size() + i] = out.get(i);
        }
        return new SpecialistMix(positions, in.size(), others, in.size(), out.size());
    }

    /** The odds of S against the dustbin in the mix, over those odds in the whole set. */
    public double oversamplingFactor() {
        return ((double) subsetExamples / otherExamples) / ((double) subsetInSet / othersInSet);
    }

    /** What is added to the dustbin logit after training: log of the oversampling factor. */
    public double dustbinLogitShift() {
        return Math.log(oversamplingFactor());
    }

    public int size() {
        return positions.length;
    }
}

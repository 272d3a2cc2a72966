package io.distill.core.specialist;

import java.util.Arrays;
import java.util.List;

/**
 * A specialist's classes S out of {@code classes}, and the mapping to its outputs: class {@code S[i]}
 * is output i, and every other class shares the dustbin output {@code |S|}.
 *
 * <p>A subset of every class is allowed (its dustbin then stands for nothing), which makes the
 * combination reduce to a plain average; the service never builds one.
 *
 * @param members the classes of S, distinct, in increasing order
 * @param classes how many classes the generalist has
 */
public record ClassSubset(List<Integer> members, int classes) {

    public ClassSubset {
        members = members == null ? null : members.stream().sorted().toList();
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("A specialist subset is empty, expected at least one class.");
        }
        if (members.size() > classes) {
            throw new IllegalArgumentException("A specialist subset holds " + members.size() + " classes, expected"
                    + " at most " + classes + ".");
        }
        if (members.stream().distinct().count() != members.size()
                || members.stream().anyMatch(c -> c < 0 || c >= classes)) {
            throw new IllegalArgumentException("Specialist subset " + members + " must hold distinct classes 0-"
                    + (classes - 1) + ".");
        }
    }

    /** The specialist's outputs: |S| classes and the dustbin. */
    public int outputs() {
        return members.size() + 1;
    }

    /** The dustbin's output index, |S|. */
    public int dustbin() {
        return members.size();
    }

    public boolean contains(int label) {
        return members.contains(label);
    }

    /** The specialist output that stands for generalist class {@code label}. */
    public int output(int label) {
        int i = members.indexOf(label);
        return i >= 0 ? i : dustbin();
    }

    /**
     * A full distribution over the classes seen through the specialist's eyes: S's entries as they
     * are, and everything else pooled into the dustbin.
     */
    public double[] pool(double[] q) {
        double[] pooled = new double[outputs()];
        for (int c = 0; c < classes; c++) {
            pooled[output(c)] += q[c];
        }
        return pooled;
    }

    /**
     * The generalist's logits restricted to S plus dustbin so that {@code softmax(result / T)} is
     * exactly {@link #pool} of {@code softmax(logits / T)}: the dustbin logit is
     * {@code T * logsumexp(z_o / T)} over the other classes o.
     */
    public float[] restrictLogits(float[] logits, int offset, double temperature) {
        float[] out = new float[outputs()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            if (!contains(c)) {
                max = Math.max(max, logits[offset + c] / temperature);
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            if (contains(c)) {
                out[output(c)] = logits[offset + c];
            } else {
                sum += Math.exp(logits[offset + c] / temperature - max);
            }
        }
        out[dustbin()] = (float) (temperature * (max + Math.log(sum)));
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(members.toArray());
    }

    /** How many specialists in {@code subsets} hold {@code label}. */
    public static int covering(List<ClassSubset> subsets, int label) {
        return (int) subsets.stream().filter(s -> s.contains(label)).count();
    }
}

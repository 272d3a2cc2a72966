package io.distill.core.eval;

import java.util.List;

/**
 * Combines the logits of several models over the same examples into one set of "logits": the log of
 * the combined class distribution, as the paper's ensemble of teachers does.
 */
public final class Ensembles {

    public static final String ARITHMETIC = "arithmetic";
    public static final String GEOMETRIC = "geometric";

    private Ensembles() {}

    /**
     * @param members each member's logits, {@code classes} per example, in the same example order
     * @param mode    {@link #ARITHMETIC}: log of the mean of the probabilities; {@link #GEOMETRIC}:
     *                log of the renormalised geometric mean of the probabilities
     */
    public static float[] combine(List<float[]> members, int classes, String mode) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("An ensemble needs at least one member, got none.");
        }
        int length = members.get(0).length;
        for (float[] m : members) {
            if (m.length != length) {
                throw new IllegalArgumentException("Ensemble members have " + m.length + " and " + length
                        + " logits; they must score the same examples.");
            }
        }
        boolean arithmetic = switch (mode) {
            case ARITHMETIC -> true;
            case GEOMETRIC -> false;
            default -> throw new IllegalArgumentException("combine is " + mode + ", expected arithmetic or geometric.");
        };
        float[] out = new float[length];
        double[] acc = new double[classes];
        for (int offset = 0; offset < length; offset += classes) {
            java.util.Arrays.fill(acc, 0);
            for (float[] m : members) {
                double logZ = Evaluation.logSumExp(m, offset, classes);
                for (int k = 0; k < classes; k++) {
                    double logP = m[offset + k] - logZ;
                    acc[k] += arithmetic ? Math.exp(logP) : logP;
                }
            }
            double norm = 0;
            for (int k = 0; k < classes; k++) {
                acc[k] = arithmetic ? Math.log(acc[k] / members.size()) : acc[k] / members.size();
                norm += arithmetic ? 0 : Math.exp(acc[k]);
            }
            for (int k = 0; k < classes; k++) {
                out[offset + k] = (float) (arithmetic ? acc[k] : acc[k] - Math.log(norm));
            }
        }
        return out;
    }
}

package io.distill.core.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.distill.contract.metrics.EvalResult;
import io.distill.core.data.ExampleSet;

/** Test errors, errors per class, the confusion matrix and the loss of a classifier on a labelled set. */
public final class Evaluation {

    private Evaluation() {}

    /** Runs {@code block} over {@code images} and scores its argmax against the labels. */
    public static EvalResult evaluate(Block block, NDManager manager, ExampleSet images, int batchSize) {
        return score(Inference.logits(block, manager, images, batchSize), images);
    }

    /** Scores precomputed logits, {@code classes} per example in the set's order. */
    public static EvalResult score(float[] logits, ExampleSet images) {
        int classes = images.classes();
        if (logits.length != images.size() * classes) {
            throw new IllegalArgumentException("Got " + logits.length + " logits for " + images.size()
                    + " examples of " + classes + " classes.");
        }
        int errors = 0;
        int[] perClass = new int[classes];
        int[][] confusion = new int[classes][classes];
        double loss = 0;
        for (int i = 0; i < images.size(); i++) {
            int offset = i * classes;
            int predicted = argMax(logits, offset, classes);
            int label = images.label(i);
            confusion[label][predicted]++;
            if (predicted != label) {
                errors++;
                perClass[label]++;
            }
            loss += logSumExp(logits, offset, classes) - logits[offset + label];
        }
        return new EvalResult(errors, images.size(), perClass, confusion, images.size() == 0 ? 0 : loss / images.size());
    }

    /** The index of the largest of {@code values[offset .. offset+n)}, relative to offset. */
    public static int argMax(float[] values, int offset, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (values[offset + k] > values[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    public static double logSumExp(float[] values, int offset, int n) {
        double max = values[offset + argMax(values, offset, n)];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(values[offset + k] - max);
        }
        return max + Math.log(sum);
    }
}

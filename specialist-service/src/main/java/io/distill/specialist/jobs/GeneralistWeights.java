package io.distill.specialist.jobs;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.distill.core.model.Classifier;
import io.distill.core.specialist.ClassSubset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of the generalist's weights as plain arrays, taken once per job so that specialists
 * training in parallel never touch the generalist's NDArrays, and the way a specialist, or the
 * control, is initialised from them.
 *
 * @param hidden       every parameter but the output layer's, by name
 * @param outputWeight the output layer's weight, {@code classes x width}, row-major
 * @param outputBias   the output layer's bias
 */
public record GeneralistWeights(Map<String, float[]> hidden, float[] outputWeight, float[] outputBias) {

    public static GeneralistWeights of(Classifier generalist) {
        Parameter weight = generalist.outputLayer().getParameters().get("weight");
        Parameter bias = generalist.outputLayer().getParameters().get("bias");
        Map<String, float[]> hidden = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : generalist.getParameters()) {
            if (p.getValue() != weight && p.getValue() != bias) {
                hidden.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return new GeneralistWeights(hidden, weight.getArray().toFloatArray(), bias.getArray().toFloatArray());
    }

    /**
     * Sets {@code specialist} (the generalist's architecture with |S|+1 outputs) to the generalist's
     * weights: the hidden layers as they are, S's output rows copied, and the dustbin row the mean of
     * the other classes' rows, its bias that mean plus log(number of others), so that the dustbin
     * logit starts near the log-sum-exp of the logits it stands for.
     */
    public void initialise(Classifier specialist, ClassSubset subset) {
        copyHidden(specialist);
        Parameter weight = specialist.outputLayer().getParameters().get("weight");
        Parameter bias = specialist.outputLayer().getParameters().get("bias");
        int classes = outputBias.length;
        int width = outputWeight.length / classes;
        List<Integer> members = subset.members();
        float[] w = new float[subset.outputs() * width];
        float[] b = new float[subset.outputs()];
        int others = classes - members.size();
        for (int c = 0; c < classes; c++) {
            int row = subset.output(c);
            if (row != subset.dustbin()) {
                System.arraycopy(outputWeight, c * width, w, row * width, width);
                b[row] = outputBias[c];
            } else {
                for (int j = 0; j < width; j++) {
                    w[row * width + j] += outputWeight[c * width + j] / others;
                }
                b[row] += outputBias[c] / others;
            }
        }
        if (others > 0) {
            b[subset.dustbin()] += (float) Math.log(others);
        }
        weight.getArray().set(w);
        bias.getArray().set(b);
        attachGradients(specialist);
    }

    /**
     * Sets {@code control}, a net of the generalist's own architecture, to exactly the generalist's
     * weights, all of them, the full output layer included.
     */
    public void initialise(Classifier control) {
        Parameter weight = control.outputLayer().getParameters().get("weight");
        Parameter bias = control.outputLayer().getParameters().get("bias");
        if (weight.getArray().size() != outputWeight.length || bias.getArray().size() != outputBias.length) {
            throw new IllegalArgumentException("The control's output layer has " + bias.getArray().size()
                    + " outputs of " + weight.getArray().size() + " weights, expected the generalist's "
                    + outputBias.length + " of " + outputWeight.length + ".");
        }
        copyHidden(control);
        weight.getArray().set(outputWeight);
        bias.getArray().set(outputBias);
        attachGradients(control);
    }

    /** Copies every parameter but the output layer's, which has the generalist's shape in every net made from it. */
    private void copyHidden(Classifier net) {
        Parameter weight = net.outputLayer().getParameters().get("weight");
        Parameter bias = net.outputLayer().getParameters().get("bias");
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue() != weight && p.getValue() != bias) {
                p.getValue().getArray().set(hidden.get(p.getKey()));
            }
        }
    }

    /** Attaches every array to autograd again, as after loading a checkpoint, so that training sees them. */
    private static void attachGradients(Classifier net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }
}

package io.distill.core.specialist;

import io.distill.contract.metrics.TrainedControl;
import java.util.List;

/**
 * How long the compute-matched control trains: as many training examples as all the specialists
 * together (each one's mix size times its epochs), in whole epochs over the transfer set, rounded up.
 * At one batch size, the same number of examples is the same number of optimiser steps, to within
 * the last partial batch of each epoch.
 *
 * @param specialistExamples  the specialists' examples: the sum of mix size x epochs
 * @param transferSetExamples examples in the transfer set, one epoch of the control
 * @param epochs              the control's epochs over the transfer set: specialistExamples / transferSetExamples,
 *                            rounded up
 * @param examples            the examples the control trains on: epochs x transferSetExamples, at least
 *                            specialistExamples and less than one epoch more
 */
public record ControlLength(long specialistExamples, int transferSetExamples, int epochs, long examples) {

    /** The control's length for specialists with these mix sizes, each trained for {@code epochs} epochs. */
    public static ControlLength match(List<Integer> mixSizes, int epochs, int transferSetExamples) {
        if (transferSetExamples <= 0) {
            throw new IllegalArgumentException("The transfer set has " + transferSetExamples
                    + " examples, expected at least one for the control to train on.");
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("The specialists train for " + epochs
                    + " epochs, expected a positive number.");
        }
        long specialistExamples = 0;
        for (int size : mixSizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("A specialist's mix has " + size
                        + " examples, expected a positive number.");
            }
            specialistExamples += (long) size * epochs;
        }
        if (specialistExamples == 0) {
            throw new IllegalArgumentException("There are no specialists, so there is no compute to match.");
        }
        long controlEpochs = (specialistExamples + transferSetExamples - 1) / transferSetExamples;
        if (controlEpochs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The control would need " + controlEpochs
                    + " epochs, expected at most " + Integer.MAX_VALUE + ".");
        }
        return new ControlLength(specialistExamples, transferSetExamples, (int) controlEpochs,
                controlEpochs * transferSetExamples);
    }

    /** What the control of this length trained on, its last epoch's mean loss being {@code lastTrainLoss}. */
    public TrainedControl trained(double lastTrainLoss) {
        return new TrainedControl(epochs, examples, specialistExamples, transferSetExamples, lastTrainLoss);
    }
}

package io.distill.contract.metrics;

/**
 * What an ensemble's compute-matched control trained on, kept beside its weights and reported by its
 * job: the generalist's whole net, trained on the whole transfer set for as many examples as the
 * specialists together.
 *
 * @param epochs              its epochs over the transfer set
 * @param examples            the examples it trained on, epochs x transferSetExamples
 * @param specialistExamples  the specialists' examples it matches (mix size x epochs, summed)
 * @param transferSetExamples examples in the transfer set
 * @param lastTrainLoss       mean training loss of its last epoch
 */
public record TrainedControl(int epochs, long examples, long specialistExamples, int transferSetExamples,
        double lastTrainLoss) {}

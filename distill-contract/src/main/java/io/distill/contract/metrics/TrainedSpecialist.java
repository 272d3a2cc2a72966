package io.distill.contract.metrics;

import io.distill.contract.records.Builder;
import java.util.List;

/**
 * What one specialist of an ensemble learned from, kept beside its weights and reported by its job.
 *
 * @param index              its place in the ensemble, from 0
 * @param classes            its subset S
 * @param trainExamples      its mix: {@code subsetExamples} of S and {@code otherExamples} labelled dustbin
 * @param oversamplingFactor S's odds against the dustbin in the mix over those odds in the whole set
 * @param dustbinLogitShift  log of that factor, added to the dustbin logit after training
 * @param lastTrainLoss      mean training loss of its last epoch
 */
@Builder
public record TrainedSpecialist(int index, List<Integer> classes, int trainExamples, int subsetExamples,
        int otherExamples, double oversamplingFactor, double dustbinLogitShift, double lastTrainLoss) {}

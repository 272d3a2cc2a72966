package io.distill.core.train;

import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.TeacherRequest;

/** How each completed request becomes its training settings and its loss. */
public final class Recipes {

    private Recipes() {}

    /** Teacher member {@code member}'s optimisation settings; its seed is {@code seed + member}. */
    public static TrainConfig teacher(TeacherRequest r, int member) {
        return TrainConfig.builder().epochs(r.epochs()).batchSize(r.batchSize()).optimizer(r.optimizer().value())
                .learningRate(r.learningRate()).momentum(r.momentum()).finalMomentum(r.finalMomentum().orElse(null))
                .momentumRampEpochs(r.momentumRampEpochs()).warmupEpochs(Math.min(r.warmupEpochs(), r.epochs() - 1))
                .schedule(r.schedule().value()).decay(r.decay()).weightDecay(r.weightDecay())
                .maxNorm(r.maxNorm().orElse(null)).maxNorms(r.maxNorms()).maxNormEvery(r.maxNormEvery())
                .clipGradient(r.clipGradient().orElse(null)).jitter(r.jitter()).seed(r.seed() + member)
                .patience(r.patience().orElse(null)).build();
    }

    /** A student's settings. No jitter: a student sees exactly what the stream delivered. */
    public static TrainConfig student(StudentRequest r) {
        return TrainConfig.builder().epochs(r.epochs()).batchSize(r.batchSize()).optimizer(r.optimizer().value())
                .learningRate(r.learningRate()).momentum(r.momentum())
                .warmupEpochs(Math.min(r.warmupEpochs(), r.epochs() - 1))
                .clipGradient(r.clipGradient().orElse(null)).seed(r.seed()).build();
    }

    /**
     * The student's loss, as its mode has it: with the soft term, the paper's weighted sum with T² on
     * the soft term (a weight of 0 drops a term); without, plain cross-entropy on the labels.
     */
    public static DistillationLoss loss(StudentRequest r) {
        return r.mode().softTerm() ? new DistillationLoss(r.temperature(), r.softWeight(), r.hardWeight())
                : DistillationLoss.hard();
    }

    /** Specialist {@code index}'s schedule; each has its own seed so their mixes and orders differ. */
    public static TrainConfig specialist(EnsembleRequest r, int index) {
        return TrainConfig.builder().epochs(r.epochs()).batchSize(r.batchSize()).learningRate(r.learningRate())
                .momentum(r.momentum()).seed(r.seed() * 1_000 + index).build();
    }

    /**
     * The control's schedule: the specialists' optimiser, rate, momentum, batch size and schedule, with
     * specialist 0's seed (the one the ensemble's hyperparameters record), over {@code controlEpochs}.
     */
    public static TrainConfig control(EnsembleRequest r, int controlEpochs) {
        return specialist(r, 0).toBuilder().epochs(controlEpochs).build();
    }

    /**
     * Hard labels (the paper), or, when the mode (or its older name {@code useSoftTargets}) has the soft
     * term, the paper's weighted sum with soft targets restricted to S + dustbin.
     */
    public static DistillationLoss loss(EnsembleRequest r) {
        return r.learnsSoftTargets() ? new DistillationLoss(r.temperature(), r.softWeight(), 1 - r.softWeight())
                : DistillationLoss.hard();
    }
}

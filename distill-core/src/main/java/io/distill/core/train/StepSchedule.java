package io.distill.core.train;

/**
 * The learning rate and SGD momentum at each optimiser step of a run, from its {@link TrainConfig}. The
 * request's {@code Schedule} only names the shape of the decay; this class turns the whole config into
 * values per step.
 *
 * <p>Steps count from the start of the run, not of this process, so a resumed run continues the
 * schedule where it stopped: {@link #runStep} adds {@code firstStep} to DJL's per-process update count.
 */
public final class StepSchedule {

    private final TrainConfig config;
    private final long stepsPerEpoch;
    private final long totalSteps;
    private final long warmupSteps;
    private final long firstStep;

    public StepSchedule(TrainConfig config, int stepsPerEpoch, int firstEpoch) {
        this.config = config;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = (long) stepsPerEpoch * config.epochs();
        this.warmupSteps = (long) stepsPerEpoch * config.warmupEpochs();
        this.firstStep = (long) stepsPerEpoch * firstEpoch;
    }

    /** The learning rate at run step {@code step} (counted from the run's first step). */
    public double learningRate(long step) {
        double peak = config.learningRate();
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        return switch (config.schedule()) {
            case TrainConfig.COSINE -> {
                double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                yield peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
            }
            case TrainConfig.EXPONENTIAL -> peak * Math.pow(config.decay(), (double) step / stepsPerEpoch);
            default -> peak;
        };
    }

    /** SGD momentum at run step {@code step}: constant, or rising linearly to {@code finalMomentum}. */
    public double momentum(long step) {
        Double end = config.finalMomentum();
        long ramp = stepsPerEpoch * config.momentumRampEpochs();
        if (end == null || ramp == 0) {
            return end == null ? config.momentum() : end;
        }
        double t = Math.min(1.0, (double) step / ramp);
        return config.momentum() + t * (end - config.momentum());
    }

    /** The run step of this process's {@code numUpdate}-th update (DJL counts from 1). */
    public long runStep(int numUpdate) {
        return firstStep + Math.max(0, numUpdate - 1);
    }
}

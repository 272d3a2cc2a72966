package io.distill.specialist.config;

import static java.util.Objects.requireNonNullElse;

import io.distill.contract.requests.EnsembleRequest;
import io.distill.contract.requests.EnsembleRequestBuilder;
import io.distill.contract.requests.StudentMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The defaults of {@code POST /ensembles} and the service's limits. Specialists start from the
 * generalist's weights, so they fine-tune: few epochs at a modest rate. All the defaults are here; a
 * deployment or a test profile may change any of them, and {@link #complete} applies them to a request.
 */
@ConfigMapping(prefix = "distill.specialist")
public interface SpecialistDefaults {

    /** How many clusters of classes, so at most how many specialists. */
    @WithDefault("3")
    int specialists();

    /** The most classes one specialist covers; below the class count, so every dustbin means something. */
    @WithDefault("4")
    int maxClassesPerSpecialist();

    /** How many of each subset's nearest other classes are added to it (0: disjoint subsets). */
    @WithDefault("0")
    int overlap();

    /** How many of the generalist's top classes choose the active specialists at inference. */
    @WithDefault("1")
    int topN();

    /** Epochs over each specialist's training mix. */
    @WithDefault("10")
    int epochs();

    /** Examples per step. */
    @WithDefault("128")
    int batchSize();

    /** Peak learning rate (SGD with momentum); lower than from scratch, as the nets start trained. */
    @WithDefault("0.02")
    double learningRate();

    /** SGD momentum. */
    @WithDefault("0.9")
    double momentum();

    /** Temperature of the soft term, when the mode has one. */
    @WithDefault("4")
    double temperature();

    /** Weight of the T²-scaled soft term, when the mode has one; the hard term gets 1 minus it. */
    @WithDefault("0.5")
    double softWeight();

    /**
     * Whether an ensemble also trains the compute-matched control (the generalist trained on the whole
     * transfer set for as many examples as the specialists together); off, as it adds that much training.
     */
    @WithDefault("false")
    boolean control();

    /** Seconds a job waits for its transfer set to be complete, and for its generalist to be announced. */
    @WithDefault("900")
    int inputTimeoutSeconds();

    /** Seconds a generalist's artifact download may take. */
    @WithDefault("300")
    int downloadTimeoutSeconds();

    /** The contract's seed. */
    @WithDefault("1")
    long seed();

    /**
     * {@code sent} with these defaults in place of its absent fields; the paper's specialists learn hard
     * labels. The completed request gives the mode under both its names, so that a reader that knows only
     * {@code useSoftTargets} (an older replica taking the job over) trains it the same way.
     */
    static EnsembleRequest complete(EnsembleRequest sent, SpecialistDefaults d) {
        StudentMode mode = requireNonNullElse(sent.modeOrAlias(), StudentMode.HARD);
        return EnsembleRequestBuilder.builder(sent)
                .specialists(requireNonNullElse(sent.specialists(), d.specialists()))
                .maxClassesPerSpecialist(requireNonNullElse(sent.maxClassesPerSpecialist(),
                        d.maxClassesPerSpecialist()))
                .overlap(requireNonNullElse(sent.overlap(), d.overlap()))
                .topN(requireNonNullElse(sent.topN(), d.topN()))
                .epochs(requireNonNullElse(sent.epochs(), d.epochs()))
                .batchSize(requireNonNullElse(sent.batchSize(), d.batchSize()))
                .learningRate(requireNonNullElse(sent.learningRate(), d.learningRate()))
                .momentum(requireNonNullElse(sent.momentum(), d.momentum()))
                .seed(requireNonNullElse(sent.seed(), d.seed()))
                .mode(mode)
                .useSoftTargets(mode.softTerm())
                .temperature(requireNonNullElse(sent.temperature(), mode.temperature(d.temperature())))
                .softWeight(requireNonNullElse(sent.softWeight(), d.softWeight()))
                .control(requireNonNullElse(sent.control(), d.control()))
                .waitForInputs(requireNonNullElse(sent.waitForInputs(), false))
                .plan(requireNonNullElse(sent.plan(), Optional.empty()))
                .build();
    }
}

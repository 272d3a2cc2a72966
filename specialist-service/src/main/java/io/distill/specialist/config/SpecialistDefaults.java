package io.distill.specialist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The defaults of {@code POST /ensembles} and the service's limits. Specialists start from the
 * generalist's weights, so they fine-tune: few epochs at a modest rate. A deployment or a test
 * profile may change any of them.
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

    /** Temperature of the soft term when {@code useSoftTargets} is true. */
    @WithDefault("4")
    double temperature();

    /** Weight of the T²-scaled soft term when {@code useSoftTargets} is true; the hard term gets 1 minus it. */
    @WithDefault("0.5")
    double softWeight();


    /** Seconds a job waits for its transfer set to be complete, and for its generalist to be announced. */
    @WithDefault("900")
    int inputTimeoutSeconds();

    /** Seconds a generalist's artifact download may take. */
    @WithDefault("300")
    int downloadTimeoutSeconds();
}

package io.distill.softtarget.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the soft-target service runs inference and streams events. */
@ConfigMapping(prefix = "distill.soft-targets")
public interface SoftTargetConfig {

    /** Examples per inference batch. */
    @WithDefault("1000")
    int inferenceBatch();

    /**
     * Examples per streaming chunk: inference of one chunk overlaps the sending of the previous
     * one, and at most two chunks' logits are held at once.
     */
    @WithDefault("5000")
    int chunk();

    /**
     * The largest example, in bytes, that an event carries inline (as base64 uint8 with its shape);
     * bigger examples, and every float32 one, are sent as references to their data set
     * ({@code FeatureForm}). 4,096 keeps MNIST inline; 0 sends every example as a reference.
     */
    @WithDefault("4096")
    int inlineMaxBytes();

    /** Seconds allowed to download one teacher artifact. */
    @WithDefault("120")
    int downloadTimeoutSeconds();

    /** Producer {@code linger.ms} for soft-target events: a little batching buys a lot of throughput. */
    @WithDefault("10")
    int lingerMs();

    /** Producer {@code batch.size} in bytes. */
    @WithDefault("262144")
    int batchBytes();

    /**
     * Producer {@code compression.type}: none, gzip, snappy, lz4 or zstd. For this stream it wins
     * over a {@code kafka.compression.type} that the service's other producers follow.
     */
    @WithDefault("lz4")
    String compression();
}

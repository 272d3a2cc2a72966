package io.distill.server.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * How much memory this replica lets its jobs take ({@code distill.limits.*}, env
 * {@code DISTILL_LIMITS_*}); a job whose estimate is over its share is refused before it is queued.
 * docs/api.md ("Limits") gives the estimate, deploy/README.md how to size a replica from it.
 */
@ConfigMapping(prefix = "distill.limits")
public interface LimitsConfig {

    /**
     * Native memory (MXNet's arrays, outside the Java heap) that this replica's jobs may hold
     * together, for example {@code 12G} ({@code DISTILL_LIMITS_NATIVE_MEMORY}); each of its
     * {@code DISTILL_WORKERS} jobs gets an equal share. Unset: {@link #nativeFraction()} of what the
     * container (or the machine) has beyond the JVM's maximum heap.
     */
    Optional<MemorySize> nativeMemory();

    /** The share of the memory beyond the maximum heap that the jobs' native arrays may take when {@link #nativeMemory()} is unset. */
    @WithDefault("0.5")
    double nativeFraction();

    /**
     * Java heap that this replica's jobs may hold together: transfer sets and batches as they are
     * read ({@code DISTILL_LIMITS_HEAP_MEMORY}), shared equally among its workers. Unset:
     * {@link #heapFraction()} of the JVM's maximum heap.
     */
    Optional<MemorySize> heapMemory();

    /** The share of the maximum heap that jobs may take when {@link #heapMemory()} is unset; the rest is the service's own. */
    @WithDefault("0.75")
    double heapFraction();

    /**
     * The share of the maximum heap one registered data set's arrays may take once loaded
     * ({@code DISTILL_LIMITS_DATASET_FRACTION}); a larger set is refused when it is registered, before
     * any job could load it.
     */
    @WithDefault("0.25")
    double datasetFraction();
}

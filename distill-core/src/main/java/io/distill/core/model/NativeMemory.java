package io.distill.core.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine's process allocates its arrays. Inference runs batches of a thousand examples, whose
 * activations are megabytes each (1,000 x 1,200 floats, 4.8 MB). By default glibc maps every block that
 * large afresh and unmaps it when freed, and MXNet's CPU storage frees each array when it is closed, so
 * every batch paid the page faults of all its activations again: a 1200-1200 net inferred 12,000-15,000
 * examples a second at batch 1,000 on a 2-core machine, against 20,000-33,000 with the memory kept
 * (docs/benchmarks.md). Nothing computed changes, only where the memory comes from.
 *
 * <p>Before the engine loads, {@link #keep} therefore
 * <ul>
 *   <li>sets {@code MXNET_CPU_MEM_POOL_TYPE=Round}: MXNet keeps freed arrays in a pool of sizes rounded
 *       to powers of two and hands them out again;</li>
 *   <li>raises glibc's {@code mmap} threshold to {@value #MMAP_THRESHOLD} bytes and its trim threshold to
 *       {@value #TRIM_THRESHOLD} ({@code mallopt}), so that blocks below it come from the heap and stay
 *       mapped.</li>
 * </ul>
 * Either is left alone when the environment sets it ({@code MXNET_CPU_MEM_POOL_TYPE}, or a
 * {@code glibc.malloc} setting in {@code GLIBC_TUNABLES}), and a C library without {@code mallopt} (not
 * glibc) is left as it is. The cost is memory held: a replica keeps about the largest working set its
 * jobs reached instead of giving it back between batches.
 */
final class NativeMemory {

    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

    static final String POOL = "MXNET_CPU_MEM_POOL_TYPE";
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 256 << 20;
    // glibc's malloc.h.
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    private NativeMemory() {}

    /** What {@link #keep} set. */
    enum Kept {
        /** MXNet's pool of freed arrays. */
        ENGINE_POOL,
        /** glibc's thresholds. */
        MALLOC_THRESHOLDS
    }

    /** The C library's calls that this needs. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);

        int mallopt(int parameter, int value);
    }

    /** The process's C library, or null when it cannot be loaded. */
    static CLibrary cLibrary() {
        try {
            return Native.load("c", CLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            LOG.info("Native memory left as the C library sets it: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Keeps the engine's freed memory for its next arrays, but for what {@code environment} sets itself;
     * returns what it set.
     */
    static Set<Kept> keep(Map<String, String> environment) {
        Set<Kept> kept = EnumSet.noneOf(Kept.class);
        CLibrary c = cLibrary();
        if (c == null) {
            return kept;
        }
        if (!environment.containsKey(POOL) && c.setenv(POOL, "Round", 0) == 0) {
            kept.add(Kept.ENGINE_POOL);
        }
        if (!environment.getOrDefault("GLIBC_TUNABLES", "").contains("glibc.malloc.")) {
            try {
                boolean set = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                        && c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1;
                if (set) {
                    kept.add(Kept.MALLOC_THRESHOLDS);
                } else {
                    LOG.info("Native memory: the C library refused the malloc thresholds");
                }
            } catch (UnsatisfiedLinkError e) {
                LOG.info("Native memory: the C library has no mallopt (not glibc); its thresholds stay");
            }
        }
        return kept;
    }
}

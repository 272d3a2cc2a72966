package io.distill.server.limits;

import io.distill.core.limits.MemoryNeed;
import io.distill.server.config.LimitsConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * This replica's memory for jobs, and the check that a job's estimate fits one worker's share of it.
 *
 * @param nativeBytes  native memory (MXNet's arrays) that all of the replica's jobs may hold together
 * @param heapBytes    Java heap that all of them may hold together
 * @param workers      jobs the replica runs at once ({@code DISTILL_WORKERS}); each gets an equal share
 * @param nativeOrigin where {@code nativeBytes} came from, for people
 * @param heapOrigin   where {@code heapBytes} came from, for people
 */
public record Budget(long nativeBytes, long heapBytes, int workers, String nativeOrigin, String heapOrigin) {

    public Budget {
        if (workers < 1) {
            throw new IllegalArgumentException("DISTILL_WORKERS is " + workers + ", expected at least 1 worker.");
        }
        if (nativeBytes < 0 || heapBytes < 0) {
            throw new IllegalArgumentException("The memory for jobs is " + nativeBytes + " native and " + heapBytes
                    + " heap bytes, expected no negative amount.");
        }
    }

    /** The budget {@code config} sets, or derives from {@code memory}, for {@code workers} workers. */
    public static Budget of(LimitsConfig config, ReplicaMemory memory, int workers) {
        double nativeFraction = fraction("distill.limits.native-fraction", config.nativeFraction());
        double heapFraction = fraction("distill.limits.heap-fraction", config.heapFraction());
        long nativeBytes = config.nativeMemory().map(MemorySize::asLongValue)
                .orElse((long) (nativeFraction * memory.beyondHeapBytes()));
        String nativeOrigin = config.nativeMemory().isPresent() ? "DISTILL_LIMITS_NATIVE_MEMORY"
                : String.format(Locale.ROOT, "%s x (%s of memory - %s of maximum heap)", nativeFraction,
                        MemoryNeed.format(memory.totalBytes()), MemoryNeed.format(memory.maxHeapBytes()));
        long heapBytes = config.heapMemory().map(MemorySize::asLongValue)
                .orElse((long) (heapFraction * memory.maxHeapBytes()));
        String heapOrigin = config.heapMemory().isPresent() ? "DISTILL_LIMITS_HEAP_MEMORY"
                : String.format(Locale.ROOT, "%s x %s of maximum heap", heapFraction,
                        MemoryNeed.format(memory.maxHeapBytes()));
        return new Budget(nativeBytes, heapBytes, workers, nativeOrigin, heapOrigin);
    }

    /** Native bytes one job may hold. */
    public long nativePerJob() {
        return nativeBytes / workers;
    }

    /** Heap bytes one job may hold. */
    public long heapPerJob() {
        return heapBytes / workers;
    }

    /** Throws {@link OverLimitException}, blaming the fields that cost most, unless {@code need} fits one job's share. */
    public void require(MemoryNeed need) {
        List<OverLimitException.Refusal> refusals = new ArrayList<>();
        if (need.nativeBytes() > nativePerJob()) {
            refusals.addAll(blame(need.byNative(), need.nativeBytes(), nativePerJob(), "native memory",
                    MemoryNeed.Part::nativeBytes, nativeBytes, nativeOrigin));
        }
        if (need.heapBytes() > heapPerJob()) {
            refusals.addAll(blame(need.byHeap(), need.heapBytes(), heapPerJob(), "Java heap",
                    MemoryNeed.Part::heapBytes, heapBytes, heapOrigin));
        }
        if (!refusals.isEmpty()) {
            throw new OverLimitException(refusals);
        }
    }

    /**
     * The parts that alone are over the share, or else the largest one; a field is named once, with
     * what all of its parts need together.
     */
    private List<OverLimitException.Refusal> blame(List<MemoryNeed.Part> largestFirst, long total, long share,
            String kind, ToLongFunction<MemoryNeed.Part> size, long replica, String origin) {
        Map<String, Long> byField = new LinkedHashMap<>();
        Map<String, String> what = new LinkedHashMap<>();
        for (MemoryNeed.Part part : largestFirst) {
            byField.merge(part.field(), size.applyAsLong(part), MemoryNeed::saturatedAdd);
            what.putIfAbsent(part.field(), part.what());
        }
        List<String> fields = byField.entrySet().stream().filter(e -> e.getValue() > share).map(
                Map.Entry::getKey).toList();
        if (fields.isEmpty()) {
            fields = List.of(largestFirst.get(0).field());
        }
        String limit = String.format(Locale.ROOT, "the job needs %s of %s in all, over the %s this replica allows"
                + " one job (%s from %s, shared by %d worker%s)", MemoryNeed.format(total), kind,
                MemoryNeed.format(share), MemoryNeed.format(replica), origin, workers, workers == 1 ? "" : "s");
        List<OverLimitException.Refusal> refusals = new ArrayList<>();
        for (String field : fields) {
            refusals.add(new OverLimitException.Refusal(field, String.format(Locale.ROOT, "needs %s of %s (%s);"
                    + " %s", MemoryNeed.format(byField.get(field)), kind, what.get(field), limit)));
        }
        return refusals;
    }

    private static double fraction(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " is " + value + ", expected a share above 0 and at most 1.");
        }
        return value;
    }
}

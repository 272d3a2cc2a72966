package io.distill.core.limits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What one job needs in memory, in bytes, as parts that each name the request field that drives them,
 * so that a refusal can say which field to change.
 *
 * @param parts what the job holds at once; their sum is its need
 */
public record MemoryNeed(List<Part> parts) {

    /**
     * One thing a job holds.
     *
     * @param field       the request field that makes this part large, for example {@code batchSize}
     * @param what        what it is, for a person: "activations of a batch of 256 examples"
     * @param nativeBytes bytes outside the Java heap (MXNet's arrays)
     * @param heapBytes   bytes on the Java heap
     */
    public record Part(String field, String what, long nativeBytes, long heapBytes) {

        public Part {
            if (nativeBytes < 0 || heapBytes < 0) {
                throw new IllegalArgumentException("Part " + what + " needs " + nativeBytes + " native and "
                        + heapBytes + " heap bytes, expected no negative amount.");
            }
        }
    }

    public MemoryNeed {
        parts = List.copyOf(parts);
    }

    public static MemoryNeed of(Part... parts) {
        return new MemoryNeed(List.of(parts));
    }

    /** This need and {@code other} held at the same time. */
    public MemoryNeed plus(MemoryNeed other) {
        List<Part> all = new ArrayList<>(parts);
        all.addAll(other.parts);
        return new MemoryNeed(all);
    }

    /** Native bytes of all parts, saturating rather than overflowing. */
    public long nativeBytes() {
        return parts.stream().mapToLong(Part::nativeBytes).reduce(0, MemoryNeed::saturatedAdd);
    }

    /** Heap bytes of all parts, saturating rather than overflowing. */
    public long heapBytes() {
        return parts.stream().mapToLong(Part::heapBytes).reduce(0, MemoryNeed::saturatedAdd);
    }

    /** The parts by their native bytes, the largest first. */
    public List<Part> byNative() {
        return parts.stream().filter(p -> p.nativeBytes() > 0)
                .sorted(Comparator.comparingLong(Part::nativeBytes).reversed()).toList();
    }

    /** The parts by their heap bytes, the largest first. */
    public List<Part> byHeap() {
        return parts.stream().filter(p -> p.heapBytes() > 0)
                .sorted(Comparator.comparingLong(Part::heapBytes).reversed()).toList();
    }

    /** Bytes as a person reads them: "1.5 GiB", "300.0 MiB", "512 bytes". */
    public static String format(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code a * b}, or {@link Long#MAX_VALUE} when it would overflow. */
    public static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }

    /** {@code a + b} of non-negative amounts, or {@link Long#MAX_VALUE} when it would overflow. */
    public static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}

package io.distill.server.limits;

import java.lang.management.ManagementFactory;

/**
 * The memory this process may use: the container's limit (or the machine's memory without one) and
 * the JVM's maximum heap.
 *
 * @param totalBytes   what the container, or the machine, has
 * @param maxHeapBytes the JVM's maximum heap ({@code -Xmx} or its {@code MaxRAMPercentage})
 */
public record ReplicaMemory(long totalBytes, long maxHeapBytes) {

    public ReplicaMemory {
        if (totalBytes <= 0 || maxHeapBytes <= 0) {
            throw new IllegalArgumentException("Replica memory is " + totalBytes + " bytes with a heap of "
                    + maxHeapBytes + ", expected positive sizes.");
        }
    }

    /** This process's: Java 17's operating system bean reports the cgroup's limit inside a container. */
    public static ReplicaMemory current() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new ReplicaMemory(os.getTotalMemorySize(), Runtime.getRuntime().maxMemory());
    }

    /** What lies beyond the heap, none when the heap was given more than there is. */
    public long beyondHeapBytes() {
        return Math.max(0, totalBytes - maxHeapBytes);
    }
}
